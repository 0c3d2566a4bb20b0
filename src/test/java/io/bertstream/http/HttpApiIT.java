package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API of one real instance (in-process broker, real model) without {@code application.server}: every
 * article is looked up in the local store.
 */
class HttpApiIT {

    private static EnrichmentService service;
    private static ArticleTraffic traffic;
    private static HttpProbe http;
    private static Summary summary;

    @BeforeAll
    static void start() throws Exception {
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                STATE_DIR, Files.createTempDirectory("bertstream-http-it-").toString(),
                SCHEMA_REGISTRY_URL, "mock://http-api-it",
                HTTP_PORT, "0")));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)), "Kafka Streams RUNNING");
        http = new HttpProbe(service.httpPort().orElseThrow());
        traffic = new ArticleTraffic(service);
        traffic.send(ArticleTraffic.article("lisbon"));
        summary = traffic.awaitSummaries(List.of("lisbon")).get("lisbon");
    }

    @AfterAll
    static void stop() {
        traffic.close();
        service.close();
    }

    @Test
    void articleIsServedFromTheStore() {
        HttpResponse<String> response = http.getSettled("/articles/lisbon");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = HttpProbe.json(response);
        assertEquals("lisbon", body.get("articleId").asText());
        assertEquals("Library opens in lisbon", body.get("title").asText());
        assertEquals("https://news.test/lisbon", body.get("url").asText());
        assertEquals(1_700_000_000_000L, body.get("publishedAt").asLong());
        assertEquals(4, body.get("sentenceCount").asInt());
        assertEquals(summary.getSummary(), body.get("summary").get("summary").asText());
        assertEquals(summary.getSentences().size(), body.get("summary").get("sentences").size());
    }

    @Test
    void unknownArticleIs404() {
        HttpResponse<String> response = http.getSettled("/articles/no-such-article");

        assertEquals(404, response.statusCode());
        assertEquals("ARTICLE_NOT_FOUND", HttpProbe.json(response).get("error").asText());
    }

    @Test
    void deletedArticleIs404() {
        traffic.send(ArticleTraffic.article("porto"));
        traffic.awaitSummaries(List.of("porto"));
        assertEquals(200, http.getSettled("/articles/porto").statusCode());

        traffic.send("porto", (Article) null);

        assertEquals(404, HttpProbe.until(() -> http.get("/articles/porto"), r -> r.statusCode() == 404)
                .statusCode());
    }

    @Test
    void questionIsAnsweredFromTheStore() {
        HttpResponse<String> response = http.postSettled("/articles/lisbon/questions",
                "{\"question\": \"How many books does the library hold?\", \"questionId\": \"q-books\"}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = HttpProbe.json(response);
        assertEquals("q-books", answer.get("questionId").asText());
        assertEquals("lisbon", answer.get("articleId").asText());
        assertEquals("ANSWERED", answer.get("status").asText());
        // the bundled reader answers with the span; its sentence comes along as the context
        assertEquals("forty thousand", answer.get("answer").asText(), answer.toString());
        assertTrue(answer.get("context").asText().contains("holds forty thousand books"), answer.toString());
    }

    /**
     * The stream is the only writer of answers: HTTP questions (a new id, an id already answered on the topic, an
     * unknown article) add nothing to the answers topic. The topic has one partition, and everything HTTP could have
     * written precedes the marker's answer there, so reading up to the marker would see it.
     */
    @Test
    void httpQuestionsNeverWriteTheAnswersTopic() {
        traffic.send(question("q-asked", "lisbon", "What did the project cost?"));
        traffic.awaitAnswer("q-asked");

        for (String body : List.of("{\"question\": \"Who queued?\", \"questionId\": \"q-never-asked\"}",
                "{\"question\": \"What did the project cost?\", \"questionId\": \"q-asked\"}",
                "{\"question\": \"Who queued?\"}")) {
            assertEquals(200, http.postSettled("/articles/lisbon/questions", body).statusCode());
        }
        assertEquals(404, http.postSettled("/articles/atlantis/questions",
                "{\"question\": \"Where?\", \"questionId\": \"q-atlantis\"}").statusCode());
        traffic.send(question("q-marker", "lisbon", "When did it open?"));
        traffic.awaitAnswer("q-marker");

        assertEquals(0, traffic.answersSeen("q-never-asked"), "no answer for a question nobody asked on the topic");
        assertEquals(1, traffic.answersSeen("q-asked"), "one answer per question id");
        assertEquals(0, traffic.answersSeen("q-atlantis"));
    }

    private static Question question(String id, String articleId, String text) {
        return Question.newBuilder().setQuestionId(id).setArticleId(articleId).setQuestion(text)
                .setAskedAt(java.time.Instant.now()).build();
    }

    @Test
    void questionWithoutIdGetsOne() {
        HttpResponse<String> response = http.postSettled("/articles/lisbon/questions",
                "{\"question\": \"What did the project cost?\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(HttpProbe.json(response).get("questionId").asText().startsWith("http-"));
    }

    @Test
    void questionAboutUnknownArticleIs404WithAnAnswer() {
        HttpResponse<String> response = http.postSettled("/articles/atlantis/questions",
                "{\"question\": \"Where is it?\", \"questionId\": \"q-atlantis\"}");

        assertEquals(404, response.statusCode());
        assertEquals("ARTICLE_NOT_FOUND", HttpProbe.json(response).get("status").asText());
    }

    @Test
    void emptyOrMalformedQuestionIs400() {
        assertEquals(400, http.post("/articles/lisbon/questions", "{\"question\": \"  \"}").statusCode());
        assertEquals(400, http.post("/articles/lisbon/questions", "{}").statusCode());
        assertEquals(400, http.post("/articles/lisbon/questions", "not json").statusCode());
    }

    @Test
    void wrongMethodIs405() {
        HttpResponse<String> response = http.get("/articles/lisbon/questions");

        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void healthAndReadinessReportTheStreamsState() {
        HttpResponse<String> health = http.get("/health");
        HttpResponse<String> ready = http.get("/ready");

        assertEquals(200, health.statusCode());
        assertEquals("UP", HttpProbe.json(health).get("status").asText());
        assertEquals(200, ready.statusCode());
        assertEquals("RUNNING", HttpProbe.json(ready).get("state").asText());
    }

    @Test
    void metricsExposeJvmKafkaStreamsAndOurMeters() {
        HttpResponse<String> response = http.get("/metrics");

        assertEquals(200, response.statusCode());
        String text = response.body();
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        for (String expected : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "kafka_stream_thread_",
                "bertstream_events_in_total{topic=\"articles\"}", "bertstream_events_out_total{topic=\"summaries\"}",
                "bertstream_end_to_end_latency_seconds_count{topic=\"summaries\"}",
                "bertstream_batch_sentences_total{batcher=\"articles\"}", "bertstream_inference_calls_total",
                "bertstream_inference_duration_seconds_total", "bertstream_inference_padding_ratio",
                "bertstream_store_entries{store=\"pending-questions\"}")) {
            assertTrue(text.contains(expected), "metrics contain " + expected);
        }
    }

    @Test
    void deadLettersAreCountedByReason() {
        traffic.send(Article.newBuilder().setId("blank").setBody(" ").build());

        String line = "bertstream_dead_letters_total{reason=\"empty-body\"} 1.0";
        assertTrue(HttpProbe.until(() -> http.get("/metrics"), r -> r.body().contains(line)).body().contains(line),
                "metrics contain " + line);
    }
}
