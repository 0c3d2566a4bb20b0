package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.broker.ServiceTopics;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash inside a transaction, made exact: an instance of the application ({@code <app>-<process id>-1}, the
 * transactional id Kafka Streams gives a stream thread) has opened a transaction, written an output and sent its
 * offsets for the input partitions, and is then gone without ending it (what a kill -9 at that moment leaves on
 * the broker). Its transaction timeout is 10 minutes. The next instance must still process the partition at once:
 * before, its read of the committed offsets (and every read_committed reader of the outputs) waited for the broker
 * to abort that transaction, and ChaosIT's fail-over timed out. Now the instance fences it once it has been
 * missing from the group at two checks in a row. Real broker, production settings (exactly_once_v2). Run with
 * {@code -Dabandoned.check.ms=0} to see the stall (the test then fails).
 */
class AbandonedTransactionIT {

    private static final String APP = "abandoned-it";
    private static final String CHECK_MS = System.getProperty("abandoned.check.ms", "1000");

    @TempDir
    Path stateDir;

    @Test
    void anOpenTransactionOfAnInstanceThatIsGoneIsFencedAndThePartitionMovesOn() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            ServiceTopics.create(broker, 1);
            String crashedId = APP + "-" + UUID.randomUUID() + "-1";
            try (KafkaProducer<String, byte[]> crashed = openAndAbandon(broker, crashedId)) {
                long started = System.nanoTime();
                try (EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                        "bootstrap.servers", broker.bootstrapServers(), "application.id", APP,
                        "state.dir", stateDir.toString(), "schema.registry.url", "mock://abandoned-it",
                        "http.port", "-1", "transactions.abandoned.check.ms", CHECK_MS)))) {
                    EventClients.sendOne(broker.bootstrapServers(), "articles", "after-crash", Article.newBuilder()
                            .setId("after-crash").setBody("The ferry strike ended on Monday. Boats run again.")
                            .build(), service.serdes().article().serializer());
                    List<String> summarised = new ArrayList<>();
                    try (OutputReader outputs = new OutputReader(broker.bootstrapServers(), service.serdes(),
                            "summaries", "answers")) {
                        outputs.readUntil(seen -> !summarised.isEmpty(), Duration.ofMinutes(2), o -> {
                            if (o.value() instanceof Summary s) {
                                summarised.add(s.getArticleId());
                            }
                        });
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    Thread.sleep(4 * Long.parseLong(CHECK_MS)); // more checks: the service's own are left alone
                    System.out.printf("AbandonedTransactionIT: summary after %.1f s from the start (the abandoned "
                                    + "transaction's timeout: 600 s), fenced %d, thread failures %d, state %s%n",
                            seconds, service.fencedTransactions(), service.streamFailuresInARow(),
                            service.streams().state());
                    assertEquals(List.of("after-crash"), summarised, "the partition moved on");
                    assertEquals(1, service.fencedTransactions(), "only the gone instance's transaction");
                    assertEquals(0, service.streamFailuresInARow(), "the service's own producer was not fenced");
                    List<String> meter = service.metrics().scrape().lines()
                            .filter(line -> line.startsWith("bertstream_transactions_abandoned_fenced_total")).toList();
                    assertEquals(1, meter.size(), "the fence is counted in /metrics: " + meter);
                    assertEquals(1.0, Double.parseDouble(meter.get(0).substring(meter.get(0).lastIndexOf(' ') + 1)),
                            "the fence is counted in /metrics: " + meter);
                }
                // the abandoned transaction was aborted by the fence, not left open
                assertThrows(KafkaException.class, crashed::commitTransaction);
            }
        }
    }

    /** What a kill -9 after the offsets were sent leaves: an open transaction holding an output and offsets. */
    private static KafkaProducer<String, byte[]> openAndAbandon(EmbeddedKafkaBroker broker, String transactionalId) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("summaries", "before-crash", new byte[]{0}));
        producer.sendOffsetsToTransaction(Map.of(new TopicPartition("articles", 0), new OffsetAndMetadata(0),
                new TopicPartition("questions", 0), new OffsetAndMetadata(0)), new ConsumerGroupMetadata(APP));
        producer.flush();
        return producer;
    }
}
