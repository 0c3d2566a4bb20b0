package io.bertstream.config;

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

    public static final String TOPIC_ARTICLES = "topic.articles";
    public static final String TOPIC_QUESTIONS = "topic.questions";
    public static final String TOPIC_SUMMARIES = "topic.summaries";
    public static final String TOPIC_ANSWERS = "topic.answers";
    public static final String TOPIC_DLQ = "topic.dlq";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String VALUE_FORMAT = "value.format";
    public static final String ARTICLE_MAX_BYTES = "article.max.bytes";
    public static final String ARTICLE_MAX_SENTENCES = "article.max.sentences";
    public static final String ARTICLE_MAX_TOKENS = "article.max.tokens";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String REGISTRY_OUTAGE_MAX_WAIT_MS = "registry.outage.max.wait.ms";
    public static final String STREAMS_FAILURES_UNHEALTHY = "streams.failures.unhealthy";

    public static final String MODEL_PATH = "model.path";
    public static final String TOKENIZER_PATH = "tokenizer.path";
    public static final String MODEL_NAME = "model.name";
    public static final String MODEL_INT8 = "model.int8";
    public static final String MODEL_MAX_TOKENS = "model.max.tokens";
    public static final String INTRA_OP_THREADS = "inference.intra.op.threads";
    public static final String INFERENCE_SPINNING = "inference.spinning";
    public static final String INFERENCE_THREAD_POOL = "inference.thread.pool";
    public static final String OPTIMIZATION_LEVEL = "inference.optimization.level";
    public static final String INFERENCE_BATCH_SIZE = "inference.batch.size";
    public static final String INFERENCE_BATCH_TOKENS = "inference.batch.tokens";

    public static final String BATCH_MAX_SENTENCES = "batch.max.sentences";
    public static final String BATCH_MAX_TOKENS = "batch.max.tokens";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    public static final String BATCH_IDLE_MS = "batch.idle.ms";

    public static final String SUMMARY_NUM_SENTENCES = "summary.num.sentences";
    public static final String SUMMARY_RATIO = "summary.ratio";
    public static final String SUMMARY_MIN_LENGTH = "summary.min.length";
    public static final String SUMMARY_MAX_LENGTH = "summary.max.length";
    public static final String SUMMARY_USE_FIRST = "summary.use.first";
    public static final String SUMMARY_ALGORITHM = "summary.algorithm";
    public static final String SUMMARY_OPTIMAL_K = "summary.optimal.k";
    public static final String SUMMARY_K_MAX = "summary.k.max";
    public static final String SUMMARY_RANDOM_STATE = "summary.random.state";

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
    public static final String QUESTIONS_PENDING_TTL_MS = "questions.pending.ttl.ms";
    public static final String QUESTIONS_PENDING_CHECK_MS = "questions.pending.check.ms";
    public static final String QUESTIONS_BATCH_MAX_WAIT_MS = "questions.batch.max.wait.ms";
    public static final String QUESTIONS_BATCH_IDLE_MS = "questions.batch.idle.ms";
    public static final String QUESTIONS_COMMIT_AFTER_BATCH = "questions.commit.after.batch";

    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_BIND_ADDRESS = "http.bind.address";
    public static final String HTTP_MAX_BODY_BYTES = "http.max.body.bytes";
    public static final String HTTP_MAX_HEADER_BYTES = "http.max.header.bytes";
    public static final String HTTP_HEADER_TIMEOUT_MS = "http.header.timeout.ms";
    public static final String HTTP_IDLE_TIMEOUT_MS = "http.idle.timeout.ms";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    public static final String HTTP_THREADS = "http.threads";
    public static final String HTTP_QUEUE_SIZE = "http.queue.size";
    public static final String HTTP_PROBE_THREADS = "http.probe.threads";
    public static final String HTTP_RELAY_TIMEOUT_MS = "http.relay.timeout.ms";
    public static final String HTTP_RELAY_MAX_CONCURRENT = "http.relay.max.concurrent";
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
