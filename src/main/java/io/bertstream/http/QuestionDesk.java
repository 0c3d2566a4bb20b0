package io.bertstream.http;

import io.bertstream.events.Answer;
import io.bertstream.events.Question;
import io.bertstream.qa.Answers;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Answers an HTTP question at once, with the stream's own answerer and {@link Answers}, from the state store.
 * It writes no topic: the stream is the only writer of {@code answers}, so an HTTP caller can neither add a second
 * answer for a question id nor an answer for a question nobody asked on the questions topic. A question whose
 * answer consumers of the topic should see is produced to the questions topic instead. At most
 * {@code http.inference.max.concurrent} HTTP questions use the models at once, whatever the API lane's size, so
 * HTTP callers cannot take the models from the stream; a question finding them busy waits its turn (fair order) for
 * at most {@code http.inference.queue.ms}, holding one of the API lane's threads, so the lane bounds the waiters.
 */
final class QuestionDesk {

    private final ArticleAnswerer answerer;
    private final Semaphore inference;
    private final long queueNanos;

    QuestionDesk(ArticleAnswerer answerer, int maxConcurrent, Duration queueWait) {
        this.answerer = answerer;
        this.inference = new Semaphore(maxConcurrent, true);
        this.queueNanos = queueWait.toNanos();
    }

    /**
     * The answer to {@code question} about the article whose state is {@code state} (null or deleted:
     * ARTICLE_NOT_FOUND, or ARTICLE_EXPIRED when retention removed it), or null when the models are busy with as
     * many HTTP questions as allowed for the whole queue wait.
     */
    Answer answer(Question question, ArticleState state, boolean expired) throws InterruptedException {
        long now = System.currentTimeMillis();
        if (!StoredArticles.isLive(state)) {
            return expired ? Answers.expired(question, answerer.name(), now)
                    : Answers.notFound(question, answerer.name(), now);
        }
        if (!inference.tryAcquire(queueNanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            return Answers.answered(question,
                    answerer.answer(List.of(new ArticleAnswerer.Asked(question.getQuestion(), state))).get(0),
                    answerer.name(), now);
        } finally {
            inference.release();
        }
    }
}
