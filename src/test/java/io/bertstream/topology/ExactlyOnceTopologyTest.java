package io.bertstream.topology;

import io.bertstream.inference.ForwardingEncoder;
import io.bertstream.inference.TokenizedTexts;

import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.bertstream.topology.EnrichmentTopologyTest.article;
import static io.bertstream.topology.EnrichmentTopologyTest.question;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input ends in exactly one output or one dead letter, under the service's own Streams properties:
 * an encoder failure in the middle of a batch, an article far past the budgets, a question that waits while
 * RocksDB flushes, keyless articles, a burst of questions about articles not published yet; and the work of one
 * transaction stays within its budget.
 */
class ExactlyOnceTopologyTest {

    private static final String BRIDGE = "The city council approved a plan on Tuesday to repair the old harbour "
            + "bridge. Engineers found that many of the bridge's steel cables had corroded over the years. The work "
            + "will be done by Northbay Construction, the firm that built the bridge in 1968.";
    private static final String FARM = "A farming cooperative has switched on the region's largest community solar "
            + "farm this week. The site holds about thirty thousand panels and can supply four thousand homes. Sheep "
            + "will graze between the rows of panels to keep the grass short all summer.";
    private static final String POISON = "POISON";

    private static OnnxSentenceEncoder encoder;
    @TempDir
    Path stateDir;
    private TopologyHarness t;

    @BeforeAll
    static void loadModel() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void closeModel() {
        encoder.close();
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void anEncoderFailureInTheMiddleOfABatchCostsOnlyTheArticleThatCausedIt() {
        t = new TopologyHarness(stateDir, new FailingEncoder(encoder), Map.of("batch.max.wait.ms", "100"));
        t.articles.pipeInput("bridge", article("bridge", BRIDGE, null));
        t.articles.pipeInput("poison", article("poison", FARM + " " + POISON + " makes the encoder throw.", null));
        t.articles.pipeInput("farm", article("farm", FARM, null));
        for (int i = 0; i < 5; i++) {
            t.driver.advanceWallClockTime(Duration.ofMillis(150)); // later ticks must not re-run the batch
        }
        assertEquals(List.of("bridge", "farm"), t.summaries.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        List<TestRecord<byte[], byte[]>> dead = t.deadLetters.readRecordsToList();
        assertEquals(List.of("poison:model-failure"), dead.stream()
                .map(d -> new String(d.key(), StandardCharsets.UTF_8) + ":" + reason(d)).toList());
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anArticleOf45920LinesIsRejectedBeforeAnyWorkAndItsNeighboursFlow() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100"));
        // one sentence a line (a single line break is not a boundary, the full stop and capital are)
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 45_920; i++) {
            table.append(String.format("R%05d %07d ok.%n", i, i * 7L));
        }
        assertTrue(table.length() < 1_048_576, "under article.max.bytes: " + table.length());
        long started = System.nanoTime();
        t.articles.pipeInput("bridge", article("bridge", BRIDGE, null));
        t.articles.pipeInput("table", article("table", table.toString(), null));
        t.articles.pipeInput("farm", article("farm", FARM, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertEquals(List.of("bridge", "farm"), t.summaries.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        List<TestRecord<byte[], byte[]>> dead = t.deadLetters.readRecordsToList();
        assertEquals(List.of("too-many-sentences"), dead.stream().map(ExactlyOnceTopologyTest::reason).toList());
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    @Test
    void aWaitingQuestionStillExpiresOnTimeAfterRocksDbFlushedItsStore() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100"));
        t.articles.pipeInput("a1", article("a1", BRIDGE, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.questions.pipeInput("never", question("q-wait", "never", "Who will do the work?"));
        t.questions.pipeInput("a1", question("q-now", "a1", "Who will do the work?"));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(List.of("q-now"), t.answers.readValuesToList().stream().map(a -> a.getQuestionId()).toList());
        // what a restore from a compacted changelog replays: tombstones whose puts were compacted away. RocksDB
        // estimates entries as puts - 2 x deletes per memtable, clamped at 0, plus its SST files' estimate
        KeyValueStore<String, Object> pending = t.driver.getKeyValueStore(EnrichmentTopology.PENDING_QUESTIONS_STORE);
        pending.delete("compacted-1");
        pending.delete("compacted-2");
        pending.flush();
        assertEquals(0, pending.approximateNumEntries(), "RocksDB's estimate, with q-wait still in the store");

        t.driver.advanceWallClockTime(Duration.ofMillis(6_000)); // past questions.pending.ttl.ms=5000
        var expired = t.answers.readValuesToList();
        assertEquals(1, expired.size(), "q-wait must not be stranded");
        assertEquals("q-wait", expired.get(0).getQuestionId());
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, expired.get(0).getStatus());
    }

    @Test
    void aKeylessArticleIsADeadLetterNotASummaryOnTheWrongPartition() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100"));
        t.articles.pipeInput((String) null, article("keyless", BRIDGE, null));
        t.articles.pipeInput("farm", article("farm", FARM, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(List.of("farm"), t.summaries.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        assertEquals(List.of("missing-key"), t.deadLetters.readRecordsToList().stream()
                .map(ExactlyOnceTopologyTest::reason).toList());
    }

    @Test
    void aBurstOfQuestionsAboutUnpublishedArticlesPutsEachQuestionInOneBatchOnly() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100",
                "questions.pending.ttl.ms", "600000"));
        int n = 1_000;
        IntStream.range(0, n).forEach(i -> t.questions.pipeInput("a" + i,
                question("q" + i, "a" + i, "Who will do the work?")));
        t.driver.advanceWallClockTime(Duration.ofMillis(1_500));
        assertTrue(t.answers.isEmpty());
        long items = t.stats.questions().items();
        assertTrue(items <= n, "questions examined by batches: " + items + " for " + n + " questions");

        for (int i = 0; i < 3; i++) {
            t.articles.pipeInput("a" + i, article("a" + i, BRIDGE, null));
        }
        t.driver.advanceWallClockTime(Duration.ofMillis(1_500));
        assertEquals(List.of("q0", "q1", "q2"), t.answers.readValuesToList().stream()
                .map(a -> a.getQuestionId()).sorted().toList(), "answered once their articles came");
    }

    @Test
    void embeddingsAnotherModelWroteAreComputedAgainBeforeTheyAnswer() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100"));
        t.articles.pipeInput("a1", article("a1", BRIDGE, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        KeyValueStore<String, ArticleState> store = t.driver.getKeyValueStore(EnrichmentTopology.ARTICLES_STORE);
        ArticleState mine = store.get("a1");
        assertEquals(encoder.name(), mine.getModel());
        // what another model left: other vectors (here: each sentence's embedding moved to the next sentence)
        float[][] rows = StoredArticles.embeddings(mine);
        float[][] shifted = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            shifted[i] = rows[(i + 1) % rows.length];
        }
        store.put("a1", StoredArticles.reembedded(mine, shifted, "another-model", 0));

        t.questions.pipeInput("a1", question("q1", "a1", "Who will do the work on the bridge?"));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertTrue(t.answers.readValue().getAnswer().contains("Northbay"), "answered with this model's embeddings");
        ArticleState after = store.get("a1");
        assertEquals(encoder.name(), after.getModel(), "stored again with this model's embeddings");
        assertArrayEquals(rows[0], StoredArticles.embeddings(after)[0], 1e-6f);
    }

    /**
     * The work of one punctuation (one transaction) is bounded: due waiting questions are answered a question
     * batch at a time, and once batch.budget.ms is spent the rest waits for the next check, after a commit.
     */
    @Test
    void dueWaitingQuestionsAreAnsweredABatchAtATimeWhenTheBudgetIsSpent() {
        // a budget every slice overruns: one question batch (2 questions) per check
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100", "inference.batch.size", "2",
                "batch.budget.ms", "0", "questions.pending.ttl.ms", "600000", "questions.pending.check.ms", "1000"));
        fiveQuestionsWaitThenTheirArticleComes();
        int answered = 0;
        for (int expected : new int[]{2, 4, 5}) {
            t.driver.advanceWallClockTime(Duration.ofMillis(1_000));
            answered += t.answers.readValuesToList().size();
            assertEquals(expected, answered, "answered after this check");
        }
    }

    @Test
    void withinTheBudgetEveryDueQuestionIsAnsweredInOneCheck() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100", "inference.batch.size", "2",
                "questions.pending.ttl.ms", "600000", "questions.pending.check.ms", "1000"));
        fiveQuestionsWaitThenTheirArticleComes();
        t.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        assertEquals(5, t.answers.readValuesToList().size());
    }

    private void fiveQuestionsWaitThenTheirArticleComes() {
        IntStream.range(0, 5).forEach(i -> t.questions.pipeInput("late", question("q" + i, "late", "Who will do it?")));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertTrue(t.answers.isEmpty(), "the questions wait for their article");
        t.articles.pipeInput("late", article("late", BRIDGE, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(1, t.summaries.readValuesToList().size());
    }

    private static String reason(TestRecord<byte[], byte[]> record) {
        return DeadLetters.header(record.headers(), DeadLetters.REASON_CODE);
    }

    /** The real encoder, except that it throws on any batch holding a text with {@value #POISON}. */
    private static final class FailingEncoder extends ForwardingEncoder {
        FailingEncoder(SentenceEncoder real) {
            super(real);
        }

        @Override
        public float[][] encode(TokenizedTexts texts) {
            if (texts.texts().stream().anyMatch(text -> text.contains(POISON))) {
                throw new IllegalStateException("the encoder failed (injected)");
            }
            return real.encode(texts);
        }
    }
}
