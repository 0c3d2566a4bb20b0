package io.bertstream.topology;

import io.bertstream.events.Answer;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import static io.bertstream.topology.EnrichmentTopologyTest.article;
import static io.bertstream.topology.EnrichmentTopologyTest.question;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The work of one punctuation (one transaction) is bounded: due waiting questions are answered a question batch at
 * a time, and once the budget (batch.budget.ms) is spent the rest waits for the next check, after a commit.
 */
class TransactionBudgetTest {

    private static final String BRIDGE = "The city council approved a plan on Tuesday to repair the old harbour "
            + "bridge. Northbay Construction will do the work. It is expected to take about 18 months.";

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
    void dueWaitingQuestionsAreAnsweredABatchAtATimeWhenTheBudgetIsSpent() {
        // a budget every slice overruns: one question batch (2 questions) per check
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100", "inference.batch.size", "2",
                "batch.budget.ms", "0", "questions.pending.ttl.ms", "600000", "questions.pending.check.ms", "1000"));
        IntStream.range(0, 5).forEach(i -> t.questions.pipeInput("late", question("q" + i, "late", "Who will do it?")));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertTrue(t.answers.isEmpty(), "the questions wait for their article");
        t.articles.pipeInput("late", article("late", BRIDGE, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(1, t.summaries.readValuesToList().size());

        int answered = 0;
        for (int expected : new int[]{2, 4, 5}) {
            t.driver.advanceWallClockTime(Duration.ofMillis(1_000));
            answered += t.answers.readValuesToList().stream().map(Answer::getQuestionId).distinct().count();
            assertEquals(expected, answered, "answered after this check");
        }
    }

    @Test
    void withinTheBudgetEveryDueQuestionIsAnsweredInOneCheck() {
        t = new TopologyHarness(stateDir, encoder, Map.of("batch.max.wait.ms", "100", "inference.batch.size", "2",
                "questions.pending.ttl.ms", "600000", "questions.pending.check.ms", "1000"));
        IntStream.range(0, 5).forEach(i -> t.questions.pipeInput("late", question("q" + i, "late", "Who will do it?")));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.articles.pipeInput("late", article("late", BRIDGE, null));
        t.driver.advanceWallClockTime(Duration.ofMillis(150));
        t.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        assertEquals(5, t.answers.readValuesToList().size());
    }
}
