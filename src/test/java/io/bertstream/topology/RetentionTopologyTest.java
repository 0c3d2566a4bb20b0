package io.bertstream.topology;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.bertstream.topology.EnrichmentTopologyTest.article;
import static io.bertstream.topology.EnrichmentTopologyTest.question;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** articles.retention.ms in the whole topology (TopologyTestDriver, real MiniLM, RocksDB), on the wall clock. */
class RetentionTopologyTest {

    private static final String BODY = "The city council approved a plan on Tuesday to repair the old harbour "
            + "bridge. The work will be done by Northbay Construction, the firm that built the bridge in 1968.";

    @TempDir
    Path stateDir;
    /** The stores under test, read directly. */
    private KeyValueStore<String, ArticleState> articles;
    private KeyValueStore<String, ExpiredArticle> expired;
    private OnnxSentenceEncoder encoder;
    private TopologyHarness harness;
    private TopologyTestDriver driver;

    @BeforeEach
    void start() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
        // questions.pending.ttl.ms is 5 s in the harness: markers live max(3 s, 5 s)
        harness = new TopologyHarness(stateDir, encoder, Map.of("articles.retention.ms", "10000",
                "articles.expired.marker.ms", "3000", "articles.expiry.check.ms", "1000"));
        driver = harness.driver;
        articles = driver.getKeyValueStore(EnrichmentTopology.ARTICLES_STORE);
        expired = driver.getKeyValueStore(EnrichmentTopology.EXPIRED_ARTICLES_STORE);
    }

    @AfterEach
    void close() {
        harness.close();
        encoder.close();
    }

    private Answer ask(String id) {
        harness.questions.pipeInput("a1", question(id, "a1", "Who will do the work?"));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        return harness.answers.readValue();
    }

    @Test
    void anExpiredArticleIsAnsweredExpiredAndComesBackWhenPublishedAgain() {
        harness.articles.pipeInput("a1", article("a1", BODY, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals("a1", harness.summaries.readValue().getArticleId());
        assertEquals(AnswerStatus.ANSWERED, ask("q1").getStatus());

        driver.advanceWallClockTime(Duration.ofMillis(9_000));
        assertNotNull(articles.get("a1"), "not before its retention");
        driver.advanceWallClockTime(Duration.ofMillis(1_500));
        assertNull(articles.get("a1"), "expired");
        assertNotNull(expired.get("a1"), "its marker");
        assertTrue(harness.summaries.isEmpty(), "expiry writes nothing downstream");
        Answer late = ask("q2");
        assertEquals(AnswerStatus.ARTICLE_EXPIRED, late.getStatus());
        assertEquals("", late.getAnswer());

        harness.articles.pipeInput("a1", article("a1", BODY, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals("a1", harness.summaries.readValue().getArticleId(), "summarised again");
        Answer again = ask("q3");
        assertEquals(AnswerStatus.ANSWERED, again.getStatus());
        assertTrue(again.getAnswer().contains("Northbay"), again.getAnswer());

        driver.advanceWallClockTime(Duration.ofMillis(5_500));
        assertNull(expired.get("a1"), "the marker went after max(marker, pending ttl)");
        assertNotNull(articles.get("a1"), "the re-published article stays for its own retention");
    }

    @Test
    void aDeletedArticlesMarkerGoesAfterThePendingQuestionTtl() {
        harness.articles.pipeInput("a1", article("a1", BODY, null));
        driver.advanceWallClockTime(Duration.ofMillis(150));
        harness.articles.pipeInput("a1", null);
        driver.advanceWallClockTime(Duration.ofMillis(150));
        assertNotNull(articles.get("a1"), "the deletion marker");
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, ask("q1").getStatus());
        driver.advanceWallClockTime(Duration.ofMillis(4_000));
        assertNotNull(articles.get("a1"), "kept for questions.pending.ttl.ms at least");
        driver.advanceWallClockTime(Duration.ofMillis(1_500));
        assertNull(articles.get("a1"), "the deletion marker went");
    }
}
