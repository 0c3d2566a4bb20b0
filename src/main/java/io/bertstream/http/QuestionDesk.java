package io.bertstream.http;

import io.bertstream.events.Answer;
import io.bertstream.events.Question;
import io.bertstream.qa.Answers;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers a question at once, with the stream's own answerer and {@link Answers}, and publishes the Answer event
 * to the answers topic like the stream would, so consumers of the topic see HTTP questions too.
 */
final class QuestionDesk implements AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final ArticleAnswerer answerer;
    private final Producer<String, Answer> producer;
    private final String answersTopic;

    QuestionDesk(ArticleAnswerer answerer, Producer<String, Answer> producer, String answersTopic) {
        this.answerer = answerer;
        this.producer = producer;
        this.answersTopic = answersTopic;
    }

    /**
     * The answer to {@code question} about the article whose state is {@code state} (null or a deletion marker:
     * ARTICLE_NOT_FOUND), once it is written to the answers topic.
     */
    Answer answer(Question question, ArticleState state) throws InterruptedException {
        long now = System.currentTimeMillis();
        Answer answer = StoredArticles.isLive(state)
                ? Answers.answered(question,
                answerer.answer(List.of(new ArticleAnswerer.Asked(question.getQuestion(), state))).get(0),
                answerer.name(), now)
                : Answers.notFound(question, answerer.name(), now);
        try {
            producer.send(new ProducerRecord<>(answersTopic, question.getArticleId(), answer))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the answer to topic " + answersTopic + ": " + e, e);
        }
        return answer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
