package io.bertstream.topology;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;

import java.time.Duration;

import static io.bertstream.config.ConfigKeys.*;

/** What the topology needs from the configuration, read once. */
public record TopologySettings(String articlesTopic, String questionsTopic, String summariesTopic,
                               String answersTopic, String dlqTopic, BatchLimits articleBatch,
                               BatchLimits questionBatch, SummaryConfig summaryDefaults, ArticleBudget articleBudget,
                               int maxMessageBytes, Duration registryOutageMaxWait,
                               Duration pendingQuestionTtl, Duration pendingQuestionCheck) {

    /** Room left in a record for its key, headers and batch framing. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    /**
     * When a buffered batch is flushed: at {@code maxSentences} sentences, at {@code maxTokens} tokens, or when
     * the oldest entry has waited {@code maxWait} (wall-clock).
     */
    public record BatchLimits(int maxSentences, int maxTokens, Duration maxWait) {
    }

    /** The largest value the service writes in one record (output or changelog). */
    public int maxRecordBytes() {
        return maxMessageBytes - RECORD_OVERHEAD_BYTES;
    }

    public static TopologySettings from(BertstreamConfig c) {
        BatchLimits articles = new BatchLimits(c.getInt(BATCH_MAX_SENTENCES), c.getInt(BATCH_MAX_TOKENS),
                Duration.ofMillis(c.getLong(BATCH_MAX_WAIT_MS)));
        // a question is one sentence: the same budget, counted in questions
        BatchLimits questions = new BatchLimits(c.getInt(INFERENCE_BATCH_SIZE), c.getInt(BATCH_MAX_TOKENS),
                Duration.ofMillis(c.getLong(BATCH_MAX_WAIT_MS)));
        int maxMessageBytes = c.getInt(MAX_MESSAGE_BYTES);
        ArticleBudget budget = new ArticleBudget(c.getInt(ARTICLE_MAX_BYTES), c.getInt(ARTICLE_MAX_SENTENCES),
                c.getInt(ARTICLE_MAX_TOKENS), maxMessageBytes - RECORD_OVERHEAD_BYTES);
        return new TopologySettings(c.require(TOPIC_ARTICLES), c.require(TOPIC_QUESTIONS),
                c.require(TOPIC_SUMMARIES), c.require(TOPIC_ANSWERS), c.require(TOPIC_DLQ), articles, questions,
                SummaryOptionsMapping.defaultsFrom(c), budget, maxMessageBytes,
                Duration.ofMillis(c.getLong(REGISTRY_OUTAGE_MAX_WAIT_MS)),
                Duration.ofMillis(c.getLong(QUESTIONS_PENDING_TTL_MS)),
                Duration.ofMillis(c.getLong(QUESTIONS_PENDING_CHECK_MS)));
    }
}
