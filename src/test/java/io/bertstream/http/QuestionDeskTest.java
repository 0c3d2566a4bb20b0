package io.bertstream.http;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.SpanAnswer;
import io.bertstream.state.ArticleState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The HTTP questions' admission to the models: one at a time here, a busy model makes the next question wait its
 * turn for at most the queue wait, then refuses it (the route turns that into 503 + Retry-After). The answerer is
 * held busy by a gate: what is under test is the admission, not the model.
 */
class QuestionDeskTest {

    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** Holds the models until the gate opens; answers "no span" (NO_ANSWER). */
    private final ArticleAnswerer gated = new ArticleAnswerer() {
        @Override
        public String name() {
            return "gated";
        }

        @Override
        public List<List<SpanAnswer>> answer(List<Asked> questions) {
            entered.countDown();
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return questions.stream().map(q -> List.<SpanAnswer>of()).toList();
        }
    };

    @AfterEach
    void stop() {
        gate.countDown();
        pool.shutdownNow();
    }

    @Test
    void aQuestionWaitsItsTurnWhileTheModelsAreBusy() throws Exception {
        QuestionDesk desk = new QuestionDesk(gated, 1, Duration.ofSeconds(20));
        Future<Answer> first = pool.submit(() -> desk.answer(question("q1"), article(), false));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Future<Answer> second = pool.submit(() -> desk.answer(question("q2"), article(), false));
        Thread.sleep(300);
        assertFalse(second.isDone(), "the second question waits while the first holds the models");
        gate.countDown();
        assertEquals(AnswerStatus.NO_ANSWER, first.get(10, TimeUnit.SECONDS).getStatus());
        Answer answer = second.get(10, TimeUnit.SECONDS);
        assertNotNull(answer, "answered once the models were free, not refused");
        assertEquals("q2", answer.getQuestionId());
    }

    @Test
    void aQuestionIsRefusedWhenTheModelsStayBusyForTheWholeWait() throws Exception {
        QuestionDesk desk = new QuestionDesk(gated, 1, Duration.ofMillis(200));
        pool.submit(() -> desk.answer(question("q1"), article(), false));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long started = System.nanoTime();
        assertNull(desk.answer(question("q2"), article(), false));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos(), "it waited the queue wait");
    }

    @Test
    void noWaitRefusesAtOnceAndAMissingArticleNeedsNoModel() throws Exception {
        QuestionDesk desk = new QuestionDesk(gated, 1, Duration.ZERO);
        pool.submit(() -> desk.answer(question("q1"), article(), false));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertNull(desk.answer(question("q2"), article(), false));
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, desk.answer(question("q3"), null, false).getStatus());
    }

    private static Question question(String id) {
        return Question.newBuilder().setQuestionId(id).setArticleId("a").setQuestion("Where?")
                .setAskedAt(Instant.now()).build();
    }

    private static ArticleState article() {
        return ArticleState.newBuilder().setArticleId("a")
                .setArticle(Article.newBuilder().setId("a").setBody("The ferry sails at noon.").build())
                .setUpdatedAt(0L).build();
    }
}
