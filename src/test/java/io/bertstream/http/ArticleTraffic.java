package io.bertstream.http;

import io.bertstream.app.EnrichmentService;
import io.bertstream.app.EventClients;
import io.bertstream.app.OutputReader;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.TOPIC_ANSWERS;
import static io.bertstream.config.ConfigKeys.TOPIC_ARTICLES;
import static io.bertstream.config.ConfigKeys.TOPIC_QUESTIONS;
import static io.bertstream.config.ConfigKeys.TOPIC_SUMMARIES;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends articles to a running service and reads its outputs, for the HTTP tests. */
final class ArticleTraffic implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final EnrichmentService service;
    private final OutputReader outputs;

    ArticleTraffic(EnrichmentService service) {
        this.service = service;
        this.outputs = new OutputReader(service.bootstrapServers(), service.serdes(),
                service.config().require(TOPIC_SUMMARIES), service.config().require(TOPIC_ANSWERS));
    }

    /** A short article whose sentences name its id, so that every summary differs. */
    static Article article(String id) {
        String body = "The city of " + id + " opened a new library on Monday after three years of building work. "
                + "The library in " + id + " holds forty thousand books and a large reading room for students. "
                + "Local officials said the project in " + id + " cost twelve million euros in total. "
                + "Visitors to " + id + " queued for an hour before the doors opened in the morning.";
        return Article.newBuilder().setId(id).setTitle("Library opens in " + id).setUrl("https://news.test/" + id)
                .setBody(body).setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    void send(Article article) {
        send(article.getId(), article);
    }

    /** Sends a value (null: a tombstone) keyed by {@code id}. */
    void send(String id, Article article) {
        EventClients.sendOne(service.bootstrapServers(), service.config().require(TOPIC_ARTICLES), id, article,
                service.serdes().article().serializer());
    }

    /** Sends a question to the questions topic, keyed by its article id. */
    void send(Question question) {
        EventClients.sendOne(service.bootstrapServers(), service.config().require(TOPIC_QUESTIONS),
                question.getArticleId(), question, service.serdes().question().serializer());
    }

    /** How many answers with this question id were read from the answers topic so far. */
    long answersSeen(String questionId) {
        return outputs.seen().stream().filter(o -> o.value() instanceof Answer a
                && a.getQuestionId().equals(questionId)).count();
    }

    /** Waits for the latest summary of every id; returns them by id. */
    Map<String, Summary> awaitSummaries(Collection<String> ids) {
        assertTrue(outputs.readUntil(seen -> latestSummaries(seen).keySet().containsAll(ids), TIMEOUT, o -> { }),
                "summaries of " + ids + " within " + TIMEOUT);
        return latestSummaries(outputs.seen());
    }

    /** Waits for an output on the answers topic with this question id. */
    void awaitAnswer(String questionId) {
        assertTrue(outputs.readUntil(seen -> seen.stream().anyMatch(o -> o.value() instanceof Answer a
                && a.getQuestionId().equals(questionId)), TIMEOUT, o -> { }), "answer " + questionId + " on the topic");
    }

    private static Map<String, Summary> latestSummaries(Collection<OutputReader.Output> seen) {
        Map<String, Summary> latest = new HashMap<>();
        for (OutputReader.Output o : seen) {
            if (o.value() instanceof Summary s) {
                latest.put(o.key(), s);
            }
        }
        return latest;
    }

    @Override
    public void close() {
        outputs.close();
    }
}
