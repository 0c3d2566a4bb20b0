package io.bertstream.topology;

import io.bertstream.store.StoredArticles;
import io.bertstream.app.EventSerdeFactory;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.ForwardingEncoder;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.serde.EventSerdes;
import io.bertstream.store.StateSerde;
import io.bertstream.state.ArticleState;
import io.bertstream.state.RecentArticle;
import io.bertstream.state.PendingArticle;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buffering and triggers of {@link BufferedBatchProcessor}, through its article processor, with the real
 * encoder, a RocksDB pending store, an in-memory articles store and the mock schema registry serde.
 */
class ArticleBatchProcessorTest {

    private static final String BRIDGE = "The harbour bridge reopened on Monday after two years of repairs. "
            + "Engineers replaced every cable and repainted the whole steel arch by hand. "
            + "Commuters welcomed the shorter journey into the city centre.";
    private static final String SOLAR = "A new solar farm in the valley now powers ten thousand homes. "
            + "The panels track the sun across the sky to gain a fifth more energy. "
            + "Sheep graze beneath the rows and keep the grass short all summer.";
    private static final String MUSEUM = "The city museum has hired a robot to guide its visitors. "
            + "It answers questions about the paintings in twelve different languages.";

    private static OnnxSentenceEncoder encoder;

    @TempDir
    Path stateDir;

    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, PendingArticle> pending;
    private KeyValueStore<String, ArticleState> articles;
    private ExpiryStores expiryStores;
    private KeyValueStore<String, RecentArticle> recent;
    private long offset;
    private EventSerdes serdes;

    @BeforeAll
    static void loadEncoder() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    @BeforeEach
    void createStores() {
        context = newContext(0);
        pending = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EnrichmentTopology.PENDING_ARTICLES_STORE),
                        Serdes.String(), new StateSerde<>(PendingArticle.class))
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        articles = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EnrichmentTopology.ARTICLES_STORE),
                        Serdes.String(), new StateSerde<>(ArticleState.class))
                .withLoggingDisabled().build();
        articles.init(context.getStateStoreContext(), articles);
        expiryStores = new ExpiryStores(context);
        recent = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EnrichmentTopology.RECENT_ARTICLES_STORE),
                        Serdes.String(), new StateSerde<>(RecentArticle.class))
                .withLoggingDisabled().build();
        recent.init(context.getStateStoreContext(), recent);
    }

    @AfterEach
    void closeStores() {
        pending.close();
        articles.close();
        expiryStores.close();
        recent.close();
    }

    @Test
    void nothingIsFlushedBeforeATrigger() {
        ArticleBatchProcessor processor = processor(1000, 100_000, 60_000);
        process(processor, "bridge", BRIDGE);
        process(processor, "solar", SOLAR);

        assertEquals(List.of(), context.forwarded());
        assertEquals(List.of("bridge", "solar"), pendingArticleIds());
    }

    @Test
    void reachingTheSentenceLimitFlushesInProcess() {
        assertTheSecondArticleFlushesBoth(processor(sentences(BRIDGE) + 1, 100_000, 60_000));
    }

    @Test
    void reachingTheTokenLimitFlushesInProcess() {
        assertTheSecondArticleFlushesBoth(processor(1000, tokens(BRIDGE) + 1, 60_000));
    }

    /** The first article stays below the limit and is only buffered; the second reaches it and flushes both. */
    private void assertTheSecondArticleFlushesBoth(ArticleBatchProcessor processor) {
        process(processor, "bridge", BRIDGE);
        assertEquals(List.of(), context.forwarded());
        assertEquals(List.of("bridge"), pendingArticleIds());

        process(processor, "solar", SOLAR);

        assertEquals(List.of("bridge", "solar"), summaryKeys());
        assertEquals(List.of(), pendingArticleIds());
    }

    @Test
    void theWallClockPunctuatorFlushesOnceTheOldestEntryHasWaitedLongEnough() {
        context.setCurrentSystemTimeMs(10_000);
        ArticleBatchProcessor processor = processor(1000, 100_000, 1_000);
        process(processor, "bridge", BRIDGE);
        MockProcessorContext.CapturedPunctuator tick = context.scheduledPunctuators().get(0);
        assertEquals(PunctuationType.WALL_CLOCK_TIME, tick.getType());

        context.setCurrentSystemTimeMs(10_500);
        tick.getPunctuator().punctuate(10_500);
        assertEquals(List.of(), context.forwarded());
        assertEquals(List.of("bridge"), pendingArticleIds());

        context.setCurrentSystemTimeMs(11_000);
        tick.getPunctuator().punctuate(11_000);
        assertEquals(List.of("bridge"), summaryKeys());
        assertEquals(List.of(), pendingArticleIds());
    }

    @Test
    void aPauseInTheInputsFlushesTheBatchLongBeforeTheMaximumWait() {
        context.setCurrentSystemTimeMs(10_000);
        ArticleBatchProcessor processor = processor(encoder, 1000, 100_000, 60_000, 200);
        process(processor, "bridge", BRIDGE);
        MockProcessorContext.CapturedPunctuator tick = context.scheduledPunctuators().get(0);
        assertEquals(100, tick.getInterval().toMillis(), "checked every half idle pause");

        context.setCurrentSystemTimeMs(10_150);
        tick.getPunctuator().punctuate(10_150);
        process(processor, "museum", MUSEUM); // inputs still coming: the batch keeps filling
        context.setCurrentSystemTimeMs(10_300);
        tick.getPunctuator().punctuate(10_300);
        assertEquals(List.of(), context.forwarded());

        context.setCurrentSystemTimeMs(10_350); // 200 ms without a new input
        tick.getPunctuator().punctuate(10_350);
        assertEquals(List.of("bridge", "museum"), summaryKeys());
        assertEquals(List.of(), pendingArticleIds());
    }

    @Test
    void aBatchForwardsSummariesInInputOrderAndStoresEachArticle() {
        int total = sentences(MUSEUM) + sentences(BRIDGE) + sentences(SOLAR);
        ArticleBatchProcessor processor = processor(total, 100_000, 60_000);
        process(processor, "museum", MUSEUM);
        process(processor, "bridge", BRIDGE);
        process(processor, "solar", SOLAR);

        assertEquals(List.of("museum", "bridge", "solar"), summaryKeys());
        for (var forward : context.forwarded()) {
            Summary summary = serdes.summary().deserializer().deserialize("summaries", (byte[]) forward.record().value());
            assertEquals(new String((byte[]) forward.record().key(), StandardCharsets.UTF_8), summary.getArticleId());
            assertTrue(summary.getSentences().size() > 0, "summary of " + summary.getArticleId());
            assertTrue(StoredArticles.isLive(articles.get(summary.getArticleId())));
        }
        assertEquals(List.of(), pendingArticleIds());
    }

    @Test
    void aRestartedProcessorFlushesWhatTheStoreStillHolds() {
        ArticleBatchProcessor first = processor(1000, 100_000, 1_000);
        process(first, "bridge", BRIDGE);
        first.close();

        // a new task on the same stores: a fresh context, as after a restart
        context = newContext(context.currentSystemTimeMs());
        ArticleBatchProcessor second = processor(1000, 100_000, 1_000);
        process(second, "solar", SOLAR);
        assertEquals(List.of(), context.forwarded());

        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
        assertEquals(List.of("bridge", "solar"), summaryKeys());
    }

    @Test
    void eachArticleIsSplitAndTokenizedOnceAndARestartTokenizesWhatItLacks() {
        CountingEncoder counting = new CountingEncoder(encoder);
        ArticleBatchProcessor processor = processor(counting, 1000, 100_000, 60_000);
        process(processor, "museum", MUSEUM);
        process(processor, "bridge", BRIDGE);
        process(processor, "solar", SOLAR);
        flushByTime();
        assertEquals(sentences(MUSEUM) + sentences(BRIDGE) + sentences(SOLAR), counting.tokenized);
        List<Summary> once = summaries();

        // after a restart the buffered articles are tokenized again, in the batch, with the same result
        context = newContext(context.currentSystemTimeMs());
        ArticleBatchProcessor first = processor(counting, 1000, 100_000, 60_000);
        process(first, "museum", MUSEUM);
        process(first, "bridge", BRIDGE);
        first.close();
        context = newContext(context.currentSystemTimeMs());
        counting.tokenized = 0;
        ArticleBatchProcessor second = processor(counting, 1000, 100_000, 60_000);
        process(second, "solar", SOLAR);
        flushByTime();
        assertEquals(sentences(MUSEUM) + sentences(BRIDGE) + sentences(SOLAR), counting.tokenized);
        assertEquals(once.stream().map(ArticleBatchProcessorTest::withoutTime).toList(),
                summaries().stream().map(ArticleBatchProcessorTest::withoutTime).toList());
    }

    /** The real encoder, counting the texts it is asked to tokenize. */
    private static final class CountingEncoder extends ForwardingEncoder {
        int tokenized;

        CountingEncoder(SentenceEncoder real) {
            super(real);
        }

        @Override
        public int[] tokenCounts(List<String> texts) {
            tokenized += texts.size();
            return real.tokenCounts(texts);
        }

        @Override
        public TokenizedTexts tokenize(List<String> texts) {
            tokenized += texts.size();
            return real.tokenize(texts);
        }
    }

    /** Lets the wall clock pass every batch.max.wait.ms of the test and runs the punctuator. */
    private void flushByTime() {
        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 60_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
    }

    /** The summaries forwarded so far, decoded. */
    private List<Summary> summaries() {
        return context.forwarded().stream()
                .map(f -> serdes.summary().deserializer().deserialize("summaries", (byte[]) f.record().value()))
                .toList();
    }

    /** A summary with its creation time cleared, to compare two runs. */
    private static Summary withoutTime(Summary summary) {
        return Summary.newBuilder(summary).setCreatedAt(java.time.Instant.EPOCH).build();
    }

    // ------------------------------------------------------------------ fixtures

    private ArticleBatchProcessor processor(int maxSentences, int maxTokens, long maxWaitMs) {
        return processor(encoder, maxSentences, maxTokens, maxWaitMs);
    }

    private ArticleBatchProcessor processor(SentenceEncoder encoder, int maxSentences, int maxTokens, long maxWaitMs) {
        return processor(encoder, maxSentences, maxTokens, maxWaitMs, 0);
    }

    private ArticleBatchProcessor processor(SentenceEncoder encoder, int maxSentences, int maxTokens, long maxWaitMs,
                                            long idleMs) {
        BertstreamConfig config = BertstreamConfig.of(Map.of(
                BATCH_MAX_SENTENCES, String.valueOf(maxSentences),
                BATCH_MAX_TOKENS, String.valueOf(maxTokens),
                BATCH_MAX_WAIT_MS, String.valueOf(maxWaitMs),
                BATCH_IDLE_MS, String.valueOf(idleMs)));
        serdes = EventSerdeFactory.fromConfig(config);
        ArticleBatchProcessor processor = new ArticleBatchProcessor(TopologySettings.from(config), encoder,
                serdes.article().deserializer(), serdes.summary().serializer(), new BatchStats(), FlowMetrics.NONE,
                new ProductionRejections(), new SlowInputs(TopologySettings.from(config).batchBudget()));
        context.addStateStore(pending);
        context.addStateStore(articles);
        context.addStateStore(expiryStores.expired);
        context.addStateStore(expiryStores.index);
        context.addStateStore(recent);
        processor.init(context);
        return processor;
    }

    private MockProcessorContext<Object, Object> newContext(long nowMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "batch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> mock = new MockProcessorContext<>(props, new TaskId(0, 0),
                stateDir.toFile());
        mock.setCurrentSystemTimeMs(nowMs);
        return mock;
    }

    private void process(ArticleBatchProcessor processor, String id, String body) {
        context.setRecordMetadata("articles", 0, offset++);
        Article article = Article.newBuilder().setId(id).setBody(body).build();
        processor.process(new Record<>(id.getBytes(StandardCharsets.UTF_8),
                serdes.article().serializer().serialize("articles", article), 0L));
    }

    private List<String> summaryKeys() {
        List<String> keys = new ArrayList<>();
        for (var forward : context.forwarded()) {
            assertEquals(EnrichmentTopology.SUMMARIES_SINK, forward.childName().orElseThrow());
            keys.add(new String((byte[]) forward.record().key(), StandardCharsets.UTF_8));
        }
        return keys;
    }

    private List<String> pendingArticleIds() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, PendingArticle> all = pending.all()) {
            all.forEachRemaining(kv -> ids.add(kv.value.getKey()));
        }
        return ids;
    }

    private static int sentences(String body) {
        return SentenceSplitter.split(body).size();
    }

    private static int tokens(String body) {
        int total = 0;
        for (int count : encoder.tokenCounts(SentenceSplitter.split(body).stream().map(Sentence::text).toList())) {
            total += count;
        }
        return total;
    }
}
