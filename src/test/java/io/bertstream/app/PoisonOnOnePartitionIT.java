package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.broker.ServiceTopics;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances, a poison input on partition 0 and steady traffic on partition 1. The poison is a record that
 * cannot be traced to an input and that the broker refuses every time (the pending-articles changelog created by
 * hand with a small max.message.bytes), so the task of partition 0 fails on every attempt. Before, progress was
 * the whole group's committed offsets: the traffic of partition 1 counted, and the threads were replaced for ever
 * with health UP. Now progress is the failing task's own partitions: the instance that holds it stops (ERROR,
 * health DOWN). Real broker, production settings (exactly_once_v2).
 */
class PoisonOnOnePartitionIT {

    private static final String APP = "poison-two";

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void aTaskThatFailsForEverStopsItsInstanceWhileTheOtherPartitionFlows() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            ServiceTopics.create(broker, 2, new NewTopic(APP + "-pending-articles-changelog", 2, (short) 1)
                    .configs(Map.of("max.message.bytes", "3000", "cleanup.policy", "compact")));
            long started = System.nanoTime();
            try (EnrichmentService a = start(broker, stateA); EnrichmentService b = start(broker, stateB);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                         new StringSerializer(), new ByteArraySerializer())) {
                assertTrue(a.awaitRunning(Duration.ofMinutes(2)) && b.awaitRunning(Duration.ofMinutes(2)));
                var articles = a.serdes().article().serializer();
                // a body of 4 kB: its pending entry (the article and its input bytes) exceeds the changelog's 3 kB
                String poison = "The poison article repeats itself. ".repeat(115);
                producer.send(new ProducerRecord<>("articles", 0, "poison", articles.serialize("articles",
                        Article.newBuilder().setId("poison").setBody(poison).build()))).get();
                long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
                int sent = 0;
                while (System.nanoTime() < deadline && a.streams().state() != KafkaStreams.State.ERROR
                        && b.streams().state() != KafkaStreams.State.ERROR) {
                    String id = "calm-" + sent++;
                    producer.send(new ProducerRecord<>("articles", 1, id, articles.serialize("articles",
                            Article.newBuilder().setId(id).setBody("The " + id + " report is short. It ends here.")
                                    .build()))).get();
                    Thread.sleep(2_000);
                }
                System.out.printf("PoisonOnOnePartitionIT: after %.0f s and %d articles on partition 1: instance A "
                                + "%s (%d failures in a row), instance B %s (%d failures in a row)%n",
                        (System.nanoTime() - started) / 1e9, sent, a.streams().state(), a.streamFailuresInARow(),
                        b.streams().state(), b.streamFailuresInARow());
                assertTrue(a.streams().state() == KafkaStreams.State.ERROR
                        || b.streams().state() == KafkaStreams.State.ERROR,
                        "the instance holding the failing task stops (health DOWN) instead of looping for ever");
            }
        }
    }

    private static EnrichmentService start(EmbeddedKafkaBroker broker, Path state) {
        return EnrichmentService.start(BertstreamConfig.of(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "application.id", APP,
                "state.dir", state.toString(), "schema.registry.url", "mock://poison-two", "http.port", "-1",
                "topic.partitions", "2",
                // a replaced stream thread's task moves once its old member's session is over
                "kafka.session.timeout.ms", "10000")));
    }
}
