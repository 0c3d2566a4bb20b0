package io.bertstream.chaos;

import io.bertstream.app.EnrichmentService;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An in-process broker and service (production settings: exactly_once_v2) whose input and dead-letter topics have
 * ONE partition each, created with {@code messageLimit} bytes of {@code max.message.bytes} so that big inputs
 * reach the service; with a producer of raw values and a {@code read_committed} reader of every output.
 */
final class SinglePartitionService implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final EnrichmentService service;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> outputs;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private SinglePartitionService(EmbeddedKafkaBroker broker, EnrichmentService service, int messageLimit) {
        this.broker = broker;
        this.service = service;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, messageLimit,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        this.outputs = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, messageLimit,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        outputs.subscribe(List.of("summaries", "answers", "enrichment-dlq"));
    }

    /** Starts the broker, the topics and the service (with {@code settings} over the defaults). */
    static SinglePartitionService start(Path stateDir, int messageLimit, Map<String, String> settings)
            throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(bigTopic("articles", messageLimit), bigTopic("questions", messageLimit),
                    bigTopic("enrichment-dlq", messageLimit))).all().get();
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "state.dir", stateDir.toString(),
                "schema.registry.url", "mock://" + UUID.randomUUID(),
                "http.port", "-1"));
        config.putAll(settings);
        EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(config));
        if (!service.awaitRunning(Duration.ofMinutes(1))) {
            service.close();
            broker.close();
            throw new IllegalStateException("Kafka Streams did not reach RUNNING");
        }
        return new SinglePartitionService(broker, service, messageLimit);
    }

    private static NewTopic bigTopic(String name, int messageLimit) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of("max.message.bytes", String.valueOf(messageLimit)));
    }

    EnrichmentService service() {
        return service;
    }

    void sendArticle(Article article) {
        send("articles", article.getId(), service.serdes().article().serializer().serialize("articles", article));
    }

    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (m, e) -> {
            if (e != null) {
                throw new IllegalStateException("Cannot send " + key, e);
            }
        });
    }

    Summary awaitSummary(String articleId) {
        ConsumerRecord<String, byte[]> r = await(o -> o.topic().equals("summaries") && articleId.equals(o.key()));
        return service.serdes().summary().deserializer().deserialize("summaries", r.value());
    }

    /** The first output (seen before or read now) that {@code wanted} accepts. */
    ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> wanted) {
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
    void awaitAll(Predicate<ConsumerRecord<String, byte[]>> done) {
        producer.flush();
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

    /** Every output read so far, after reading for {@code settle} more (to see any duplicate). */
    List<ConsumerRecord<String, byte[]>> settled(Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            outputs.poll(Duration.ofMillis(500)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        outputs.close();
        producer.close();
        service.close();
        broker.close();
    }
}
