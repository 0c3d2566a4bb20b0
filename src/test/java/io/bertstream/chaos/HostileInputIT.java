package io.bertstream.chaos;

import io.bertstream.app.EnrichmentService;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Big and hostile inputs, each with a defined outcome, on an in-process broker and service. Times and sizes go
 * to stdout and {@code target/chaos/hostile.md}. The input topics are created with a 4 MiB message limit, as an
 * operator must for {@code article.max.bytes} (1 MiB of body) to be reachable: Kafka's default limit is 1 MiB
 * for the whole record.
 */
@Tag("chaos")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final int MAX_BYTES = 1_048_576;
    private static final int BIG_MESSAGE = 4 * 1024 * 1024;
    private static final Path STATE = ChaosCluster.PROJECT.resolve("target/chaos/hostile-state");
    private static final List<String> REPORT = new ArrayList<>();

    private static EmbeddedKafkaBroker broker;
    private static EnrichmentService service;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> outputs;
    private static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Directories.deleteTree(STATE);
        broker = EmbeddedKafkaBroker.startTemporary();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(bigTopic("articles"), bigTopic("questions"), bigTopic("enrichment-dlq")))
                    .all().get();
        }
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "state.dir", STATE.toString(),
                "schema.registry.url", "mock://hostile",
                // the burst checks every answer's span: keep the reader answering with one
                "qa.handle.impossible.answer", "false",
                "http.port", "-1")));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, BIG_MESSAGE,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        outputs = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        outputs.subscribe(List.of("summaries", "answers", "enrichment-dlq"));
    }

    private static NewTopic bigTopic(String name) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of("max.message.bytes", String.valueOf(BIG_MESSAGE)));
    }

    @AfterAll
    static void stop() {
        String report = "## Hostile inputs\n\n| input | outcome | seconds |\n|---|---|---|\n" + String.join("\n", REPORT) + "\n";
        System.out.println(report);
        ChaosReport.write(ChaosCluster.PROJECT.resolve("target/chaos/hostile.md"), report);
        outputs.close();
        producer.close();
        service.close();
        broker.close();
    }

    @Test
    @Order(1)
    void anArticleJustUnderTheLimitIsSummarised() {
        String body = BigTexts.prose(MAX_BYTES - 64);
        long started = System.nanoTime();
        sendArticle("just-under", body);
        Summary summary = awaitSummary("just-under");
        assertTrue(summary.getSentences().size() > 0);
        summary.getSentences().forEach(s -> assertEquals(s.getText(), body.substring(s.getStart(), s.getEnd())));
        record("article of " + body.getBytes(StandardCharsets.UTF_8).length + " bytes (" + summary.getSentenceCount()
                + " sentences)", "summary of " + summary.getSentences().size() + " sentences", started);
    }

    @Test
    @Order(2)
    void anArticleJustOverTheLimitIsDeadLetteredAsTooLarge() {
        String body = BigTexts.prose(MAX_BYTES + 64);
        long started = System.nanoTime();
        sendArticle("just-over", body);
        ConsumerRecord<String, byte[]> dead = await(r -> r.topic().equals("enrichment-dlq") && "just-over".equals(r.key()));
        assertEquals("too-large", DeadLetters.header(dead.headers(), DeadLetters.REASON_CODE));
        record("article of " + body.getBytes(StandardCharsets.UTF_8).length + " bytes", "dead letter, reason too-large",
                started);
    }

    @Test
    @Order(2)
    void anArticleOf45920LinesIsDeadLetteredBeforeAnyWorkWhileItsNeighboursFlow() {
        // one sentence a line (a single line break is not a boundary, the full stop and capital are)
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 45_920; i++) {
            table.append(String.format("R%05d %07d ok.%n", i, i * 7L));
        }
        long started = System.nanoTime();
        sendArticle("table-before", BigTexts.sentences(5));
        sendArticle("table", table.toString());
        sendArticle("table-after", BigTexts.sentences(5));
        ConsumerRecord<String, byte[]> dead = await(r -> r.topic().equals("enrichment-dlq") && "table".equals(r.key()));
        assertEquals("too-many-sentences", DeadLetters.header(dead.headers(), DeadLetters.REASON_CODE));
        awaitSummary("table-before");
        awaitSummary("table-after");
        record("article of 45,920 short lines (" + table.length() + " bytes) between two small ones",
                "dead letter too-many-sentences; both neighbours summarised", started);
    }

    @Test
    @Order(3)
    void anArticleOfTwentyThousandSentencesIsSummarised() {
        String body = BigTexts.sentences(20_000);
        long started = System.nanoTime();
        sendArticle("many-sentences", body);
        Summary summary = awaitSummary("many-sentences");
        assertEquals(20_000, summary.getSentenceCount());
        record("article of 20,000 sentences (" + body.length() + " chars)",
                "summary of " + summary.getSentences().size() + " sentences", started);
    }

    @Test
    @Order(4)
    void aThousandQuestionsAboutOneArticleGetAThousandAnswers() {
        String body = BigTexts.prose(4000);
        sendArticle("asked-a-lot", body);
        awaitSummary("asked-a-lot");
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            String id = "burst-" + i;
            send("questions", "asked-a-lot", service.serdes().question().serializer().serialize("questions",
                    Question.newBuilder().setQuestionId(id).setArticleId("asked-a-lot")
                            .setQuestion("Which harbour does sentence " + i + " mention?").setAskedAt(Instant.now()).build()));
        }
        producer.flush();
        Map<String, Integer> answers = new HashMap<>();
        awaitAll(r -> {
            if (r.topic().equals("answers") && "asked-a-lot".equals(r.key())) {
                Answer a = service.serdes().answer().deserializer().deserialize("answers", r.value());
                answers.merge(a.getQuestionId(), 1, Integer::sum);
                assertEquals(AnswerStatus.ANSWERED, a.getStatus());
                assertEquals(a.getAnswer(), body.substring(a.getStart(), a.getEnd()));
            }
            return answers.size() == 1000;
        });
        assertTrue(answers.values().stream().allMatch(n -> n == 1), "one answer per question");
        record("1,000 questions about one article in a burst", answers.size() + " answers, one each", started);
    }

    @Test
    @Order(5)
    void tenThousandDistinctArticlesGrowTheStateStoreByABoundedAmount() {
        long before = Directories.size(STATE);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            sendArticle("tiny-" + i, "Article number " + i + " is short. It has two sentences about harbour " + i + ".");
        }
        producer.flush();
        Map<String, Integer> summaries = new HashMap<>();
        awaitAll(r -> {
            if (r.topic().equals("summaries") && r.key().startsWith("tiny-")) {
                summaries.merge(r.key(), 1, Integer::sum);
            }
            return summaries.size() == 10_000;
        });
        long after = Directories.size(STATE);
        assertTrue(summaries.values().stream().allMatch(n -> n == 1), "one summary per article");
        record("10,000 distinct short articles", String.format("10,000 summaries; state dir %.1f MB -> %.1f MB",
                before / 1e6, after / 1e6), started);
    }

    private static void sendArticle(String id, String body) {
        send("articles", id, service.serdes().article().serializer().serialize("articles",
                Article.newBuilder().setId(id).setBody(body).build()));
    }

    private static void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (m, e) -> {
            if (e != null) {
                throw new IllegalStateException("Cannot send " + key, e);
            }
        });
    }

    private static Summary awaitSummary(String articleId) {
        producer.flush();
        ConsumerRecord<String, byte[]> r = await(o -> o.topic().equals("summaries") && articleId.equals(o.key()));
        return service.serdes().summary().deserializer().deserialize("summaries", r.value());
    }

    private static ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> wanted) {
        producer.flush();
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        awaitAll(r -> {
            if (wanted.test(r)) {
                found.add(r);
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Reads new outputs, handing each to {@code done}, until it returns true (5 minutes at most). */
    private static void awaitAll(Predicate<ConsumerRecord<String, byte[]>> done) {
        for (ConsumerRecord<String, byte[]> r : seen) {
            if (done.test(r)) {
                return;
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            // keep the whole poll before looking: returning at the first match would drop the rest of it
            List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>();
            outputs.poll(Duration.ofMillis(500)).forEach(polled::add);
            seen.addAll(polled);
            for (ConsumerRecord<String, byte[]> r : polled) {
                if (done.test(r)) {
                    return;
                }
            }
        }
        throw new AssertionError("no expected output within 5 minutes");
    }

    private static void record(String input, String outcome, long startedNanos) {
        REPORT.add(String.format("| %s | %s | %.1f |", input, outcome, (System.nanoTime() - startedNanos) / 1e9));
    }
}
