package io.bertstream.topology;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.summarize.ClusteringBudget;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;

import java.time.Duration;

import static io.bertstream.config.ConfigKeys.*;

/** What the topology needs from the configuration, read once. */
public record TopologySettings(String articlesTopic, String questionsTopic, String summariesTopic,
                               String answersTopic, String dlqTopic, BatchLimits articleBatch,
                               BatchLimits questionBatch, SummaryConfig summaryDefaults, ArticleBudget articleBudget,
                               int maxMessageBytes, Duration registryOutageMaxWait,
                               Duration pendingQuestionTtl, Duration pendingQuestionCheck, Duration batchBudget,
                               int recentArticlesMax, ExpiryPolicy expiry, int questionMaxTokens) {

    /** Room left in a record for its key, headers and batch framing. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    /**
     * When a buffered batch is flushed: at {@code maxSentences} sentences, at {@code maxTokens} tokens, when
     * the oldest entry has waited {@code maxWait} (wall-clock), or when nothing new has come for {@code idle}
     * (zero: never for that): under load inputs keep coming and batches fill, while a lone input need not wait.
     * {@code commitAfterFlush} asks Kafka Streams to commit right after a batch instead of at the next
     * {@code commit.interval.ms}: under exactly_once_v2 outputs are invisible to read_committed readers until then.
     */
    public record BatchLimits(int maxSentences, int maxTokens, Duration maxWait, Duration idle,
                              boolean commitAfterFlush) {

        /** How often a due batch is looked for: half the shorter of the wait and the idle pause, 10 ms at least. */
        public long checkEveryMs() {
            long shortest = idle.isZero() ? maxWait.toMillis() : Math.min(maxWait.toMillis(), idle.toMillis());
            return Math.max(10, shortest / 2);
        }
    }

    /** The largest value the service writes in one record (output or changelog). */
    public int maxRecordBytes() {
        return maxMessageBytes - RECORD_OVERHEAD_BYTES;
    }

    public static TopologySettings from(BertstreamConfig c) {
        Duration maxWait = Duration.ofMillis(c.getLong(BATCH_MAX_WAIT_MS));
        Duration idle = Duration.ofMillis(c.getLong(BATCH_IDLE_MS));
        BatchLimits articles = new BatchLimits(c.getInt(BATCH_MAX_SENTENCES), c.getInt(BATCH_MAX_TOKENS), maxWait,
                idle, false);
        // a question is one sentence: the same token budget, counted in questions, with a wait of its own
        BatchLimits questions = new BatchLimits(c.getInt(INFERENCE_BATCH_SIZE), c.getInt(BATCH_MAX_TOKENS),
                Duration.ofMillis(c.getLong(QUESTIONS_BATCH_MAX_WAIT_MS)),
                Duration.ofMillis(c.getLong(QUESTIONS_BATCH_IDLE_MS)), c.getBoolean(QUESTIONS_COMMIT_AFTER_BATCH));
        int maxMessageBytes = c.getInt(MAX_MESSAGE_BYTES);
        ArticleBudget budget = new ArticleBudget(c.getInt(ARTICLE_MAX_BYTES), c.getInt(ARTICLE_MAX_SENTENCES),
                c.getInt(ARTICLE_MAX_TOKENS), maxMessageBytes - RECORD_OVERHEAD_BYTES,
                new ClusteringBudget(c.getLong(SUMMARY_MAX_CLUSTER_OPERATIONS), c.getLong(SUMMARY_MAX_CLUSTER_MATRIX_BYTES)));
        return new TopologySettings(c.require(TOPIC_ARTICLES), c.require(TOPIC_QUESTIONS),
                c.require(TOPIC_SUMMARIES), c.require(TOPIC_ANSWERS), c.require(TOPIC_DLQ), articles, questions,
                SummaryOptionsMapping.defaultsFrom(c), budget, maxMessageBytes,
                Duration.ofMillis(c.getLong(REGISTRY_OUTAGE_MAX_WAIT_MS)),
                Duration.ofMillis(c.getLong(QUESTIONS_PENDING_TTL_MS)),
                Duration.ofMillis(c.getLong(QUESTIONS_PENDING_CHECK_MS)),
                Duration.ofMillis(c.getLong(BATCH_BUDGET_MS)), c.getInt(ARTICLES_RECENT_MAX), ExpiryPolicy.from(c),
                c.getInt(QUESTIONS_MAX_TOKENS));
    }
}
