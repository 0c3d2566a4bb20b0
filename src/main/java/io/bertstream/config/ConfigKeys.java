package io.bertstream.config;

import java.util.List;
import java.util.stream.Stream;

/** Names of the configuration keys, documented in config/application.properties. */
public final class ConfigKeys {

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STATE_DIR = "state.dir";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String APPLICATION_SERVER = "application.server";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_CREATE = "topic.create";
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";
    /** Top-level Kafka security settings, given to every Kafka client as they are. */
    public static final List<String> KAFKA_SECURITY_PREFIXES = List.of("security.protocol", "sasl.", "ssl.");
    /** Confluent's prefixed form of the registry client's settings (schema.registry.basic.auth.user.info...). */
    public static final String REGISTRY_PASSTHROUGH_PREFIX = "schema.registry.";
    /**
     * Keys under these prefixes are not checked against config/application.properties: Kafka's own settings
     * (kafka.*, and the security keys at the top level) and the registry client's prefixed ones.
     */
    public static final List<String> PASSTHROUGH_PREFIXES = Stream.concat(
            Stream.of(KAFKA_PASSTHROUGH_PREFIX, REGISTRY_PASSTHROUGH_PREFIX), KAFKA_SECURITY_PREFIXES.stream()).toList();

    public static final String TOPIC_ARTICLES = "topic.articles";
    public static final String TOPIC_QUESTIONS = "topic.questions";
    public static final String TOPIC_SUMMARIES = "topic.summaries";
    public static final String TOPIC_ANSWERS = "topic.answers";
    public static final String TOPIC_DLQ = "topic.dlq";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String VALUE_FORMAT = "value.format";
    // Confluent serde settings, read by the serde package under these (Confluent's) names
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String REGISTRY_MAX_RETRIES = "max.retries";
    public static final String REGISTRY_RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String REGISTRY_RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String REGISTRY_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REGISTRY_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String REGISTRY_LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String ARTICLE_MAX_BYTES = "article.max.bytes";
    public static final String ARTICLE_MAX_SENTENCES = "article.max.sentences";
    public static final String ARTICLE_MAX_TOKENS = "article.max.tokens";
    public static final String ARTICLES_RECENT_MAX = "articles.recent.max";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String REGISTRY_OUTAGE_MAX_WAIT_MS = "registry.outage.max.wait.ms";
    public static final String STREAMS_FAILURES_UNHEALTHY = "streams.failures.unhealthy";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String ABANDONED_TRANSACTIONS_CHECK_MS = "transactions.abandoned.check.ms";

    public static final String MODEL_PATH = "model.path";
    public static final String TOKENIZER_PATH = "tokenizer.path";
    public static final String MODEL_NAME = "model.name";
    public static final String MODEL_INT8 = "model.int8";
    public static final String MODEL_MAX_TOKENS = "model.max.tokens";
    public static final String INTRA_OP_THREADS = "inference.intra.op.threads";
    public static final String INFERENCE_SPINNING = "inference.spinning";
    public static final String INFERENCE_THREAD_POOL = "inference.thread.pool";
    public static final String OPTIMIZATION_LEVEL = "inference.optimization.level";
    public static final String INFERENCE_INT8_EXACT = "inference.int8.exact";
    public static final String INFERENCE_BATCH_SIZE = "inference.batch.size";
    public static final String INFERENCE_BATCH_TOKENS = "inference.batch.tokens";

    public static final String BATCH_MAX_SENTENCES = "batch.max.sentences";
    public static final String BATCH_MAX_TOKENS = "batch.max.tokens";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    public static final String BATCH_IDLE_MS = "batch.idle.ms";
    public static final String BATCH_BUDGET_MS = "batch.budget.ms";

    public static final String SUMMARY_NUM_SENTENCES = "summary.num.sentences";
    public static final String SUMMARY_RATIO = "summary.ratio";
    public static final String SUMMARY_MIN_LENGTH = "summary.min.length";
    public static final String SUMMARY_MAX_LENGTH = "summary.max.length";
    public static final String SUMMARY_USE_FIRST = "summary.use.first";
    public static final String SUMMARY_ALGORITHM = "summary.algorithm";
    public static final String SUMMARY_OPTIMAL_K = "summary.optimal.k";
    public static final String SUMMARY_K_MAX = "summary.k.max";
    public static final String SUMMARY_RANDOM_STATE = "summary.random.state";
    public static final String SUMMARY_MAX_CLUSTER_OPERATIONS = "summary.max.cluster.operations";
    public static final String SUMMARY_MAX_CLUSTER_MATRIX_BYTES = "summary.max.cluster.matrix.bytes";

    public static final String QA_ANSWERER = "qa.answerer";
    public static final String QA_MODEL_PATH = "qa.model.path";
    public static final String QA_TOKENIZER_PATH = "qa.tokenizer.path";
    public static final String QA_BATCH_WINDOWS = "qa.batch.windows";
    public static final String QA_BATCH_TOKENS = "qa.batch.tokens";
    public static final String QA_MAX_SEQ_LEN = "qa.max.seq.len";
    public static final String QA_DOC_STRIDE = "qa.doc.stride";
    public static final String QA_MAX_QUESTION_LEN = "qa.max.question.len";
    public static final String QA_MAX_ANSWER_LEN = "qa.max.answer.len";
    public static final String QA_TOP_K = "qa.top.k";
    public static final String QA_HANDLE_IMPOSSIBLE = "qa.handle.impossible.answer";
    public static final String QA_ALIGN_TO_WORDS = "qa.align.to.words";
    public static final String QA_NO_ANSWER_THRESHOLD = "qa.no.answer.threshold";
    public static final String QA_RETRIEVE_CANDIDATES = "qa.retrieve.candidates";
    public static final String QA_RETRIEVE_NEIGHBOURS = "qa.retrieve.neighbours";
    public static final String QUESTIONS_MAX_TOKENS = "questions.max.tokens";
    public static final String QA_RETRIEVE_SCORER = "qa.retrieve.scorer";
    public static final String QUESTIONS_PENDING_TTL_MS = "questions.pending.ttl.ms";
    public static final String QUESTIONS_PENDING_CHECK_MS = "questions.pending.check.ms";
    public static final String QUESTIONS_BATCH_MAX_WAIT_MS = "questions.batch.max.wait.ms";
    public static final String QUESTIONS_BATCH_IDLE_MS = "questions.batch.idle.ms";
    public static final String QUESTIONS_COMMIT_AFTER_BATCH = "questions.commit.after.batch";

    public static final String ARTICLES_RETENTION_MS = "articles.retention.ms";
    public static final String ARTICLES_EXPIRED_MARKER_MS = "articles.expired.marker.ms";
    public static final String ARTICLES_EXPIRY_CHECK_MS = "articles.expiry.check.ms";
    public static final String ARTICLES_EXPIRY_SLICE = "articles.expiry.slice";

    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_BIND_ADDRESS = "http.bind.address";
    public static final String HTTP_MAX_BODY_BYTES = "http.max.body.bytes";
    public static final String HTTP_MAX_HEADER_BYTES = "http.max.header.bytes";
    public static final String HTTP_HEADER_TIMEOUT_MS = "http.header.timeout.ms";
    public static final String HTTP_BODY_TIMEOUT_MS = "http.body.timeout.ms";
    public static final String HTTP_IDLE_TIMEOUT_MS = "http.idle.timeout.ms";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    public static final String HTTP_THREADS = "http.threads";
    public static final String HTTP_QUEUE_SIZE = "http.queue.size";
    public static final String HTTP_PROBE_THREADS = "http.probe.threads";
    public static final String HTTP_INFERENCE_MAX_CONCURRENT = "http.inference.max.concurrent";
    public static final String HTTP_INFERENCE_QUEUE_MS = "http.inference.queue.ms";
    public static final String HTTP_RELAY_TIMEOUT_MS = "http.relay.timeout.ms";
    public static final String HTTP_RELAY_MAX_CONCURRENT = "http.relay.max.concurrent";
    public static final String HTTP_AUTH_REQUIRED = "http.auth.required";
    public static final String HTTP_AUTH_METRICS = "http.auth.metrics";
    public static final String HTTP_AUTH_TOKENS = "http.auth.tokens";
    public static final String HTTP_AUTH_TOKENS_FILE = "http.auth.tokens.file";
    public static final String HTTP_TLS_KEYSTORE_PATH = "http.tls.keystore.path";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";
    public static final String HTTP_TLS_KEYSTORE_TYPE = "http.tls.keystore.type";
    public static final String HTTP_TLS_TRUSTSTORE_PATH = "http.tls.truststore.path";
    public static final String HTTP_TLS_TRUSTSTORE_PASSWORD = "http.tls.truststore.password";

    private ConfigKeys() {
    }
}
