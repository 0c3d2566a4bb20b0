package io.bertstream.topology;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.store.RecentArticles;
import io.bertstream.store.StateSerde;
import io.bertstream.serde.EventSerdes;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.state.PendingArticle;
import io.bertstream.state.PendingQuestion;
import io.bertstream.state.RecentArticle;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * The whole service as one topology, built by a pure function of its settings and engines:
 *
 * <pre>
 * articles  ──► summarize-articles ──► summaries
 *                  │ (pending-articles, articles, recent-articles stores)
 *                  │ (retention punctuator: article-expiry index ──► articles tombstones, expired-articles markers)
 *                  └──────────────────► enrichment-dlq
 * questions ──► answer-questions ────► answers
 *                  │ (pending-questions, waiting-questions stores; reads articles, re-embeds them on a model change;
 *                  │  reads expired-articles: ARTICLE_EXPIRED)
 *                  └──────────────────► enrichment-dlq
 * </pre>
 *
 * Both inputs are keyed by article id and must have the same number of partitions, so that a question is
 * processed by the task that holds its article.
 */
public final class EnrichmentTopology {

    public static final String ARTICLES_STORE = "articles";
    public static final String PENDING_ARTICLES_STORE = "pending-articles";
    /** The bounded index of the articles summarised last, newest first (see {@link RecentArticles}). */
    public static final String RECENT_ARTICLES_STORE = "recent-articles";
    public static final String PENDING_QUESTIONS_STORE = "pending-questions";
    /** Questions whose article is not stored yet, keyed by article id (then arrival). */
    public static final String WAITING_QUESTIONS_STORE = "waiting-questions";
    /** What articles.retention.ms removed: article id to {@code ExpiredArticle} (id, expiry time). */
    public static final String EXPIRED_ARTICLES_STORE = "expired-articles";
    /** The retention index: due time, kind, article id (see {@link ArticleExpiry}). */
    public static final String ARTICLE_EXPIRY_STORE = "article-expiry";

    static final String SUMMARIES_SINK = "summaries-sink";
    static final String ANSWERS_SINK = "answers-sink";
    static final String DLQ_SINK = "dlq-sink";

    private EnrichmentTopology() {
    }

    /** The engines the topology runs: the sentence encoder and the question answerer. */
    public record Engines(SentenceEncoder encoder, ArticleAnswerer answerer) {
    }

    /** The topology without flow metrics, its refused records noted apart from any handler's. */
    public static Topology build(TopologySettings settings, EventSerdes serdes, Engines engines, Stats stats) {
        return build(settings, serdes, engines, stats, FlowMetrics.NONE, new ProductionRejections());
    }

    /**
     * The topology, reporting what flows through it to {@code flow}; inputs whose records a topic refused are
     * dead-lettered as {@code rejections} (filled by the {@link RefusedRecordHandler}) says.
     */
    public static Topology build(TopologySettings settings, EventSerdes serdes, Engines engines, Stats stats,
                                 FlowMetrics flow, ProductionRejections rejections) {
        Topology topology = new Topology();
        // shared by the tasks of this instance, so a note outlives the task that a lost transaction re-creates
        SlowInputs slow = new SlowInputs(settings.batchBudget());
        // sources and sinks carry bytes: the processors decode and encode themselves, so a registry outage is
        // retried and a dead letter carries the input's bytes as read
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        topology.addSource("articles-source", bytes, bytes, settings.articlesTopic());
        topology.addProcessor("summarize-articles", () -> new ArticleBatchProcessor(settings, engines.encoder(),
                serdes.article().deserializer(), serdes.summary().serializer(), stats.articles(), flow, rejections, slow),
                "articles-source");

        topology.addSource("questions-source", bytes, bytes, settings.questionsTopic());
        topology.addProcessor("answer-questions", () -> new QuestionBatchProcessor(settings, engines,
                serdes.question().deserializer(), serdes.answer().serializer(), stats.questions(), flow, rejections, slow),
                "questions-source");

        ByteArraySerializer out = new ByteArraySerializer();
        topology.addSink(SUMMARIES_SINK, settings.summariesTopic(), out, out, "summarize-articles");
        topology.addSink(ANSWERS_SINK, settings.answersTopic(), out, out, "answer-questions");
        topology.addSink(DLQ_SINK, settings.dlqTopic(), out, out, "summarize-articles", "answer-questions");

        topology.addStateStore(store(PENDING_ARTICLES_STORE, PendingArticle.class, settings), "summarize-articles");
        topology.addStateStore(store(ARTICLES_STORE, ArticleState.class, settings),
                "summarize-articles", "answer-questions");
        topology.addStateStore(store(RECENT_ARTICLES_STORE, RecentArticle.class, settings), "summarize-articles");
        topology.addStateStore(store(EXPIRED_ARTICLES_STORE, ExpiredArticle.class, settings),
                "summarize-articles", "answer-questions");
        topology.addStateStore(logged(ARTICLE_EXPIRY_STORE, Serdes.String(), settings), "summarize-articles");
        topology.addStateStore(store(PENDING_QUESTIONS_STORE, PendingQuestion.class, settings), "answer-questions");
        topology.addStateStore(store(WAITING_QUESTIONS_STORE, PendingQuestion.class, settings), "answer-questions");
        return topology;
    }

    /** A persistent (RocksDB) store with a changelog that accepts records as large as the service writes. */
    private static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> store(
            String name, Class<V> type, TopologySettings settings) {
        return logged(name, new StateSerde<>(type), settings);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> logged(String name, Serde<V> values,
                                                                     TopologySettings settings) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        String.valueOf(settings.maxMessageBytes())));
    }

    /** The batchers' statistics, shared by all tasks of an instance. */
    public record Stats(BatchStats articles, BatchStats questions) {
        public static Stats create() {
            return new Stats(new BatchStats(), new BatchStats());
        }
    }
}
