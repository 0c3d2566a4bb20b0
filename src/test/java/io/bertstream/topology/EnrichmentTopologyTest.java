package io.bertstream.topology;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.events.SummaryOptions;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.state.RecentArticle;
import io.bertstream.store.RecentArticles;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topology with TopologyTestDriver, the service's Streams properties, the real MiniLM encoder and real (RocksDB) stores. */
class EnrichmentTopologyTest {

    private static final String BRIDGE = "The city council approved a plan on Tuesday to repair the old harbour "
            + "bridge. Engineers found that many of the bridge's steel cables had corroded over the years. The work "
            + "will be done by Northbay Construction, the firm that built the bridge in 1968. Local shop owners "
            + "welcomed the decision but asked for a shuttle bus to the old town centre.";
    private static final String FARM = "A farming cooperative has switched on the region's largest community solar "
            + "farm this week. The site holds about thirty thousand panels and can supply four thousand homes. Sheep "
            + "will graze between the rows of panels to keep the grass short all summer.";

    private static final String INDEXED_BODY = "The harbour bridge in %s will be repaired next spring by a local "
            + "firm. Engineers found that many of its steel cables had corroded over the years. "
            + "Shop owners in %s asked for a shuttle bus while the work goes on.";

    private static OnnxSentenceEncoder encoder;
    @TempDir
    Path stateDir;
    private TopologyHarness harness;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Article> articles;
    private TestInputTopic<String, Question> questions;
    private TestInputTopic<byte[], byte[]> rawArticles;
    private TestOutputTopic<String, Summary> summaries;
    private TestOutputTopic<String, Answer> answers;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeAll
    static void loadModel() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void closeModel() {
        encoder.close();
    }

    private void start(Map<String, String> overrides) {
        harness = new TopologyHarness(stateDir, encoder, overrides);
        driver = harness.driver;
        articles = harness.articles;
        questions = harness.questions;
        rawArticles = harness.rawArticles;
        summaries = harness.summaries;
        answers = harness.answers;
        deadLetters = harness.deadLetters;
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void articlesWaitForTheirBatchThenGetOneSummaryEach() {
        start(Map.of("batch.max.wait.ms", "100"));
        articles.pipeInput("bridge", article("bridge", BRIDGE, null));
        articles.pipeInput("farm", article("farm", FARM, null));
        assertTrue(summaries.isEmpty(), "nothing before the batch is due");
        driver.advanceWallClockTime(Duration.ofMillis(150));
        List<TestRecord<String, Summary>> out = summaries.readRecordsToList();
        assertEquals(List.of("bridge", "farm"), out.stream().map(TestRecord::key).toList(), "arrival order");
        for (TestRecord<String, Summary> r : out) {
            String body = r.key().equals("bridge") ? BRIDGE : FARM;
            r.value().getSentences().forEach(s -> assertEquals(s.getText(), body.substring(s.getStart(), s.getEnd())));
            assertEquals(3, r.value().getSentences().size());
        }
    }

    @Test
    void theSummaryTextHasItsWhiteSpaceNormalisedWhileTheSentencesKeepTheirExactOffsets() {
        // before: "...repair the old harbour\nbridge. ..." (the body's hard wraps in the summary text)
        String wrapped = hardWrap(BRIDGE.replace("the firm", "the  firm"), 72);
        start(Map.of());
        articles.pipeInput("bridge", article("bridge", wrapped, SummaryOptions.newBuilder().setNumSentences(4).build()));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        Summary summary = summaries.readValue();
        assertEquals(4, summary.getSentences().size());
        assertEquals(BRIDGE, summary.getSummary(), "all four sentences, joined by single spaces");
        summary.getSentences().forEach(s -> assertEquals(s.getText(), wrapped.substring(s.getStart(), s.getEnd())));
        assertTrue(summary.getSentences().stream().anyMatch(s -> s.getText().contains("\n")),
                "the sentences keep their exact text");
    }

    /** Line breaks instead of the last space before each {@code width} characters, as e-mail and wire copy do. */
    private static String hardWrap(String text, int width) {
        StringBuilder out = new StringBuilder(text);
        int lineStart = 0;
        while (out.length() - lineStart > width) {
            int cut = out.lastIndexOf(" ", lineStart + width);
            out.setCharAt(cut, '\n');
            lineStart = cut + 1;
        }
        return out.toString();
    }

    @Test
    void aBatchFlushesAsSoonAsItHoldsEnoughSentences() {
        start(Map.of("batch.max.wait.ms", "600000", "batch.max.sentences", "4"));
        articles.pipeInput("farm", article("farm", FARM, null));
        assertTrue(summaries.isEmpty(), "3 sentences: below the budget");
        articles.pipeInput("bridge", article("bridge", BRIDGE, null));
        assertEquals(2, summaries.readRecordsToList().size(), "7 sentences: flushed without waiting");
    }

    @Test
    void perArticleOptionsOverrideTheDefaults() {
        start(Map.of());
        articles.pipeInput("bridge", article("bridge", BRIDGE,
                SummaryOptions.newBuilder().setNumSentences(2).setUseFirst(false).build()));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        Summary summary = summaries.readValue();
        assertEquals(2, summary.getSentences().size());
        assertEquals(2, summary.getOptions().getNumSentences());
        assertEquals(false, summary.getOptions().getUseFirst());
    }

    @Test
    void questionsAreAnsweredFromTheCurrentBodyAndDeletedArticlesAreNotFound() {
        start(Map.of());
        articles.pipeInput("a1", article("a1", BRIDGE, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        questions.pipeInput("a1", question("q1", "a1", "Who will do the work on the bridge?"));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        Answer first = answers.readValue();
        assertEquals(AnswerStatus.ANSWERED, first.getStatus());
        assertEquals(first.getAnswer(), BRIDGE.substring(first.getStart(), first.getEnd()));
        assertTrue(first.getAnswer().contains("Northbay"));
        assertEquals(1, first.getAlternatives().size(), "top_k=2: one alternative");

        // re-published with a new body: later questions are answered from it
        articles.pipeInput("a1", article("a1", FARM, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        questions.pipeInput("a1", question("q2", "a1", "What keeps the grass short?"));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        Answer second = answers.readValue();
        assertEquals(second.getAnswer(), FARM.substring(second.getStart(), second.getEnd()));
        assertTrue(second.getAnswer().contains("Sheep"));

        // deleted: a tombstone downstream, and questions are not found at once
        articles.pipeInput("a1", (Article) null);
        driver.advanceWallClockTime(Duration.ofMillis(150));
        summaries.readRecordsToList(); // the two summaries
        questions.pipeInput("a1", question("q3", "a1", "What keeps the grass short?"));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, answers.readValue().getStatus());
    }

    @Test
    void aTombstoneDeletesTheSummaryDownstream() {
        start(Map.of());
        articles.pipeInput("a1", article("a1", BRIDGE, null));
        articles.pipeInput("a1", (Article) null);
        driver.advanceWallClockTime(Duration.ofMillis(150));
        List<TestRecord<String, Summary>> out = summaries.readRecordsToList();
        assertEquals(2, out.size());
        assertNull(out.get(1).value(), "tombstone after the summary");
    }

    @Test
    void aQuestionBeforeItsArticleWaitsForIt() {
        start(Map.of());
        questions.pipeInput("late", question("q-early", "late", "Who will do the work on the bridge?"));
        driver.advanceWallClockTime(Duration.ofMillis(1500));
        assertTrue(answers.isEmpty(), "held while the article is unknown and the TTL has not passed");
        articles.pipeInput("late", article("late", BRIDGE, null));
        driver.advanceWallClockTime(Duration.ofMillis(1200));
        Answer answer = answers.readValue();
        assertEquals(AnswerStatus.ANSWERED, answer.getStatus());
        assertTrue(answer.getAnswer().contains("Northbay"));
    }

    @Test
    void aQuestionWhoseArticleNeverComesExpiresAsNotFound() {
        start(Map.of());
        questions.pipeInput("never", question("q-never", "never", "Anyone?"));
        driver.advanceWallClockTime(Duration.ofMillis(4000));
        assertTrue(answers.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(2000));
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, answers.readValue().getStatus());
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithItsReasonAndNothingElseIsLost() {
        start(Map.of());
        articles.pipeInput("empty", article("empty", "   ", null));
        questions.pipeInput("x", question("q-empty", "x", " "));
        rawArticles.pipeInput("garbage".getBytes(StandardCharsets.UTF_8), new byte[]{0x42, 1, 2});
        articles.pipeInput("big", article("big", "word. ".repeat(300_000), null));
        articles.pipeInput("bridge", article("bridge", BRIDGE, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(4, dead.size());
        assertEquals("empty-body", header(dead.get(0), DeadLetters.REASON_CODE));
        assertEquals("empty-question", header(dead.get(1), DeadLetters.REASON_CODE));
        assertTrue(header(dead.get(2), DeadLetters.EXCEPTION).contains("SerializationException"),
                header(dead.get(2), DeadLetters.EXCEPTION));
        assertEquals("too-large", header(dead.get(3), DeadLetters.REASON_CODE));
        assertEquals("big", new String(dead.get(3).key(), StandardCharsets.UTF_8));
        assertEquals(List.of("bridge"), summaries.readRecordsToList().stream().map(TestRecord::key).toList());
    }

    @Test
    void aKeylessTombstoneAndAQuestionKeyedByAnotherArticleAreDeadLettersNotDroppedOrAnswered() {
        start(Map.of());
        articles.pipeInput(null, (Article) null);
        questions.pipeInput("elsewhere", question("q-elsewhere", "x", "Who?"));
        driver.advanceWallClockTime(Duration.ofMillis(150));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(List.of("keyless-tombstone", "key-mismatch"),
                dead.stream().map(d -> header(d, DeadLetters.REASON_CODE)).toList());
        assertTrue(summaries.isEmpty());
        assertTrue(answers.isEmpty());
    }

    @Test
    void theJsonValueFormatTakesPlainJsonObjectsAndRejectsInvalidOnes() {
        start(Map.of("value.format", "json"));
        String json = "{\"id\": \"farm\", \"body\": \"" + FARM + "\", \"title\": \"Solar\"}";
        rawArticles.pipeInput("farm".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
        rawArticles.pipeInput("bad".getBytes(StandardCharsets.UTF_8),
                "{\"id\": \"bad\"}".getBytes(StandardCharsets.UTF_8));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        Summary summary = summaries.readValue();
        assertEquals("farm", summary.getArticleId());
        assertEquals(3, summary.getSentences().size());
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size(), "a JSON article without a body is a dead letter");
        assertTrue(header(dead.get(0), DeadLetters.REASON).contains("body"), header(dead.get(0), DeadLetters.REASON));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }

    /**
     * The {@code recent-articles} index the article list reads: bounded, newest first, one entry per article,
     * deleted articles gone ({@code store.RecentArticlesRestartTest}: still bounded when a task starts again).
     */
    @Test
    void theIndexKeepsTheNewestArticlesOnceEachAndForgetsDeletedOnes() {
        start(Map.of("articles.recent.max", "3"));
        for (String id : List.of("a1", "a2", "a3", "a4", "a5")) {
            summarise(harness, id);
        }
        assertEquals(List.of("a5", "a4", "a3"), ids(harness), "at most 3, newest first");

        summarise(harness, "a3");
        assertEquals(List.of("a3", "a5", "a4"), ids(harness), "summarised again: first, and listed once");

        harness.articles.pipeInput("a5", (Article) null);
        harness.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(List.of("a3", "a4"), ids(harness), "a deleted article leaves the index");

        KeyValueStore<String, RecentArticle> store = harness.driver.getKeyValueStore(
                EnrichmentTopology.RECENT_ARTICLES_STORE);
        List<KeyValue<String, RecentArticle>> first = RecentArticles.page(store, null, 1);
        assertEquals("a3", first.get(0).value.getArticleId());
        assertEquals(List.of("a4"), RecentArticles.page(store, first.get(0).key, 5).stream()
                .map(e -> e.value.getArticleId()).toList(), "the page after a cursor");
        assertEquals(3, first.get(0).value.getSummarySentenceCount());
        assertEquals("Bridge repairs in a3", first.get(0).value.getTitle());
    }

    private static void summarise(TopologyHarness harness, String id) {
        harness.articles.pipeInput(id, Article.newBuilder().setId(id).setTitle("Bridge repairs in " + id)
                .setBody(String.format(INDEXED_BODY, id, id)).build());
        harness.driver.advanceWallClockTime(Duration.ofMillis(150));
        harness.summaries.readRecordsToList();
    }

    private static List<String> ids(TopologyHarness harness) {
        KeyValueStore<String, RecentArticle> store = harness.driver.getKeyValueStore(
                EnrichmentTopology.RECENT_ARTICLES_STORE);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, RecentArticle> all = store.all()) {
            all.forEachRemaining(entry -> ids.add(entry.value.getArticleId()));
        }
        return ids;
    }

    static Article article(String id, String body, SummaryOptions options) {
        return Article.newBuilder().setId(id).setBody(body).setSummaryOptions(options).build();
    }

    static Question question(String id, String articleId, String text) {
        return Question.newBuilder().setQuestionId(id).setArticleId(articleId).setQuestion(text)
                .setAskedAt(Instant.ofEpochMilli(1)).build();
    }
}
