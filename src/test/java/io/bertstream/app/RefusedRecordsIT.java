package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.SummaryOptions;
import io.bertstream.topology.DeadLetters;
import io.bertstream.topology.Provenance;
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
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topics that refuse what the service writes (created by hand with a smaller {@code max.message.bytes} than the
 * service's): the summaries topic, the articles store's changelog and the dead-letter topic. Each refused input
 * ends in one dead letter with the refusal as its reason; every other article is summarised exactly once
 * ({@code read_committed}); and the instance keeps running instead of replacing its stream thread for ever.
 */
class RefusedRecordsIT {

    private static final String APP = "refused";
    private static final int SUMMARIES_LIMIT = 1_500;
    private static final int CHANGELOG_LIMIT = 12_000;
    private static final int DLQ_LIMIT = 4_000;

    @Test
    void refusedOutputsStateAndDeadLettersEndInOneDeadLetterEachWhileTheRestFlows(@TempDir Path state)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(
                        limited("summaries", SUMMARIES_LIMIT, "delete"),
                        limited("enrichment-dlq", DLQ_LIMIT, "delete"),
                        limited(APP + "-articles-changelog", CHANGELOG_LIMIT, "compact"))).all().get();
            }
            long started = System.nanoTime();
            try (EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "application.id", APP,
                    "state.dir", state.toString(), "schema.registry.url", "mock://refused", "http.port", "-1",
                    // a replaced stream thread's task moves once its old member's session is over
                    "kafka.session.timeout.ms", "10000")));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                         ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                assertTrue(service.awaitRunning(Duration.ofMinutes(1)));
                var articles = service.serdes().article().serializer();
                byte[] garbage = new byte[6_000];
                new Random(14).nextBytes(garbage);
                // in arrival order; "wordy" has a summary too large for summaries, "numerous" a state too large
                // for the changelog (60 embeddings), "garbage" a dead letter too large for the dead-letter topic
                List<ProducerRecord<String, byte[]>> inputs = List.of(
                        article(calm("calm-1"), articles), article(wordy(), articles),
                        article(calm("calm-2"), articles), article(numerous(), articles),
                        article(calm("calm-3"), articles),
                        new ProducerRecord<>("articles", "garbage", garbage),
                        article(calm("calm-4"), articles));
                for (ProducerRecord<String, byte[]> input : inputs) {
                    producer.send(input).get();
                }

                List<ConsumerRecord<String, byte[]>> outputs = readUntil(broker.bootstrapServers(), 7,
                        Duration.ofMinutes(4));
                double seconds = (System.nanoTime() - started) / 1e9;

                Map<String, List<String>> summaries = byKey(outputs, "summaries");
                Map<String, List<String>> deadLetters = byKey(outputs, "enrichment-dlq");
                System.out.printf("RefusedRecordsIT: %.1f s; summaries %s; dead letters %s; thread failures in a "
                        + "row at the end %d%n", seconds, summaries, deadLetters, service.streamFailuresInARow());
                assertEquals(Map.of("calm-1", List.of("summary"), "calm-2", List.of("summary"),
                        "calm-3", List.of("summary"), "calm-4", List.of("summary")), summaries,
                        "every article the topics accept is summarised exactly once");
                assertEquals(Map.of("wordy", List.of("output-refused"), "numerous", List.of("state-refused"),
                        "garbage", List.of("undecodable")), deadLetters, "one dead letter per refused input");

                ConsumerRecord<String, byte[]> wordy = only(outputs, "enrichment-dlq", "wordy");
                assertTrue(DeadLetters.header(wordy.headers(), DeadLetters.REASON).startsWith("summaries refused"),
                        DeadLetters.header(wordy.headers(), DeadLetters.REASON));
                assertNotNull(wordy.value(), "the dead letter carries the input as read");
                ConsumerRecord<String, byte[]> numerous = only(outputs, "enrichment-dlq", "numerous");
                assertTrue(DeadLetters.header(numerous.headers(), DeadLetters.REASON)
                        .startsWith(APP + "-articles-changelog refused"));
                ConsumerRecord<String, byte[]> dropped = only(outputs, "enrichment-dlq", "garbage");
                assertNull(dropped.value(), "the dead-letter topic refused the input's bytes");
                assertTrue(DeadLetters.header(dropped.headers(), DeadLetters.VALUE_DROPPED)
                        .startsWith("enrichment-dlq refused"));
                assertEquals("5", DeadLetters.header(dropped.headers(), DeadLetters.OFFSET),
                        "its source headers still say where the input is");
                ConsumerRecord<String, byte[]> calm = only(outputs, "summaries", "calm-3");
                assertEquals("4", DeadLetters.header(calm.headers(), Provenance.OFFSET), "outputs name their input");

                assertEquals(KafkaStreams.State.RUNNING, service.streams().state(),
                        "the instance keeps running: no thread-replacement loop, no shutdown");
            }
        }
    }

    private static NewTopic limited(String name, int maxMessageBytes, String cleanup) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of("max.message.bytes", String.valueOf(maxMessageBytes),
                "cleanup.policy", cleanup));
    }

    private static ProducerRecord<String, byte[]> article(Article article, Serializer<Article> serializer) {
        return new ProducerRecord<>("articles", article.getId(), serializer.serialize("articles", article));
    }

    private static Article calm(String id) {
        return Article.newBuilder().setId(id).setBody("The " + id + " report is short. It has a second sentence. "
                + "A third one ends it.").build();
    }

    private static Article wordy() {
        String sentence = "This sentence goes on and on about the harbour, the bridge, the council, the lorries "
                + "and the weather, with every clause adding another detail that nobody asked for";
        String body = IntStream.range(0, 3).mapToObj(i -> sentence + ", part " + i + ", and still more words "
                        + "about the ferries, the tides and the old lighthouse keeper who saw it all.")
                .collect(Collectors.joining(" "));
        return Article.newBuilder().setId("wordy").setBody(body)
                .setSummaryOptions(SummaryOptions.newBuilder().setNumSentences(3).build()).build();
    }

    private static Article numerous() {
        String body = IntStream.range(0, 60).mapToObj(i -> "Line " + i + " of the tide table is here.")
                .collect(Collectors.joining(" "));
        return Article.newBuilder().setId("numerous").setBody(body)
                .setSummaryOptions(SummaryOptions.newBuilder().setNumSentences(2).build()).build();
    }

    /** Outputs (read_committed) until {@code expected} have come, then 5 s more, to see any duplicate. */
    private static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "refused-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("summaries", "enrichment-dlq"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
        return seen;
    }

    private static Map<String, List<String>> byKey(List<ConsumerRecord<String, byte[]>> outputs, String topic) {
        return outputs.stream().filter(r -> r.topic().equals(topic)).collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(r -> topic.equals("summaries") ? "summary"
                        : DeadLetters.header(r.headers(), DeadLetters.REASON_CODE), Collectors.toList())));
    }

    private static ConsumerRecord<String, byte[]> only(List<ConsumerRecord<String, byte[]>> outputs, String topic,
                                                       String key) {
        return outputs.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).findFirst().orElseThrow();
    }
}
