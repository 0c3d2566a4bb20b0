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
    public static final String OPTIMIZATION_LEVEL = "inference.optimization.level";
    public static final String INFERENCE_BATCH_SIZE = "inference.batch.size";
    public static final String INFERENCE_BATCH_TOKENS = "inference.batch.tokens";

    public static final String BATCH_MAX_SENTENCES = "batch.max.sentences";
    public static final String BATCH_MAX_TOKENS = "batch.max.tokens";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";

    public static final String SUMMARY_NUM_SENTENCES = "summary.num.sentences";
    public static final String SUMMARY_RATIO = "summary.ratio";
    public static final String SUMMARY_MIN_LENGTH = "summary.min.length";
    public static final String SUMMARY_MAX_LENGTH = "summary.max.length";
    public static final String SUMMARY_USE_FIRST = "summary.use.first";
    public static final String SUMMARY_ALGORITHM = "summary.algorithm";
    public static final String SUMMARY_OPTIMAL_K = "summary.optimal.k";
    public static final String SUMMARY_K_MAX = "summary.k.max";
    public static final String SUMMARY_RANDOM_STATE = "summary.random.state";

    public static final String QA_MODEL_PATH = "qa.model.path";
    public static final String QA_TOKENIZER_PATH = "qa.tokenizer.path";
    public static final String QA_MAX_SEQ_LEN = "qa.max.seq.len";
    public static final String QA_DOC_STRIDE = "qa.doc.stride";
    public static final String QA_MAX_QUESTION_LEN = "qa.max.question.len";
    public static final String QA_MAX_ANSWER_LEN = "qa.max.answer.len";
    public static final String QA_TOP_K = "qa.top.k";
    public static final String QA_HANDLE_IMPOSSIBLE = "qa.handle.impossible.answer";
    public static final String QA_ALIGN_TO_WORDS = "qa.align.to.words";
    public static final String QUESTIONS_PENDING_TTL_MS = "questions.pending.ttl.ms";
    public static final String QUESTIONS_PENDING_CHECK_MS = "questions.pending.check.ms";

    public static final String HTTP_PORT = "http.port";

    private ConfigKeys() {
    }
}
