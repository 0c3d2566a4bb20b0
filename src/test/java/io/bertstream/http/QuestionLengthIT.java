package io.bertstream.http;

import io.bertstream.app.EnrichmentService;
import io.bertstream.app.EventClients;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Question;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A question far over {@code questions.max.tokens} costs no model time on either path: over HTTP a clear 413 (the
 * body limit for 1 MiB, the question limit for a long question under the body limit), over Kafka a dead letter
 * {@code question-too-long} and no answer, while the next question is answered.
 */
class QuestionLengthIT {

    private static final String MEBIBYTE_QUESTION = "Why ".repeat(256 * 1024);
    /** Under the 64 KiB body limit, far over the 256 tokens. */
    private static final String LONG_QUESTION = "Why is the library so large? ".repeat(2_000);

    private static EnrichmentService service;
    private static HttpProbe http;

    @BeforeAll
    static void start() throws Exception {
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                STATE_DIR, Files.createTempDirectory("bertstream-question-length-it-").toString(),
                SCHEMA_REGISTRY_URL, "mock://question-length-it",
                HTTP_PORT, "0")));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)), "Kafka Streams RUNNING");
        http = new HttpProbe(service.httpPort().orElseThrow());
        try (ArticleTraffic traffic = new ArticleTraffic(service)) {
            traffic.send(ArticleTraffic.article("lisbon"));
            traffic.awaitSummaries(List.of("lisbon"));
        }
        assertEquals(200, http.getSettled("/articles/lisbon").statusCode());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void overHttpALongQuestionIs413WithAClearMessage() {
        HttpResponse<String> mebibyte = http.post("/articles/lisbon/questions",
                "{\"question\": \"" + MEBIBYTE_QUESTION + "\"}");
        HttpResponse<String> long_ = http.post("/articles/lisbon/questions", "{\"question\": \"" + LONG_QUESTION
                + "\"}");
        HttpResponse<String> fine = http.post("/articles/lisbon/questions",
                "{\"question\": \"How many books does the library hold?\"}");
        System.out.printf("QUESTION-LENGTH HTTP 1 MiB -> %d %s; %d chars -> %d %s; short -> %d%n",
                mebibyte.statusCode(), mebibyte.body(), LONG_QUESTION.length(), long_.statusCode(), long_.body(),
                fine.statusCode());

        assertEquals(413, mebibyte.statusCode(), mebibyte.body());
        assertEquals(413, long_.statusCode(), long_.body());
        assertEquals("QUESTION_TOO_LONG", HttpProbe.json(long_).get("error").asText());
        assertTrue(HttpProbe.json(long_).get("message").asText().contains("at most 256"), long_.body());
        assertEquals(200, fine.statusCode(), fine.body());
    }

    @Test
    void overKafkaAMebibyteQuestionIsADeadLetterAndNeverAnswered() {
        try (ArticleTraffic traffic = new ArticleTraffic(service);
             KafkaConsumer<String, byte[]> dlq = EventClients.consumer(service.bootstrapServers(),
                     new ByteArrayDeserializer())) {
            traffic.send(question("q-mebibyte", MEBIBYTE_QUESTION));
            traffic.send(question("q-after", "How many books does the library hold?"));
            traffic.awaitAnswer("q-after");

            dlq.subscribe(List.of(service.config().require(TOPIC_DLQ)));
            ConsumerRecord<String, byte[]> dead = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (dead == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : dlq.poll(Duration.ofMillis(500))) {
                    if ("question-too-long".equals(DeadLetters.header(record.headers(), DeadLetters.REASON_CODE))) {
                        dead = record;
                    }
                }
            }
            assertNotNull(dead, "a question-too-long dead letter");
            System.out.printf("QUESTION-LENGTH Kafka 1 MiB -> dead letter %s: %s; answers for it: %d%n",
                    DeadLetters.header(dead.headers(), DeadLetters.REASON_CODE),
                    DeadLetters.header(dead.headers(), DeadLetters.REASON), traffic.answersSeen("q-mebibyte"));
            assertEquals("lisbon", dead.key());
            assertEquals(0, traffic.answersSeen("q-mebibyte"), "no answer for the refused question");
        }
    }

    private static Question question(String id, String text) {
        return Question.newBuilder().setQuestionId(id).setArticleId("lisbon").setQuestion(text)
                .setAskedAt(Instant.now()).build();
    }
}
