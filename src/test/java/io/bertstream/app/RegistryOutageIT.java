package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.serde.ApicurioRegistryProcess;
import io.bertstream.serde.EventSerdes;
import io.bertstream.serde.SwitchableProxy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A schema registry outage is not bad input: with a real Apicurio Registry behind a proxy taken down for ~20 s,
 * and a service restarted during the outage (its schema cache empty), nothing is dead-lettered and every input is
 * processed, exactly once, once the registry is back.
 */
class RegistryOutageIT {

    private static final String BODY = "The city council approved a plan on Tuesday to repair the old harbour "
            + "bridge. Engineers found that many of the bridge's steel cables had corroded over the years. The work "
            + "will be done by Northbay Construction, the firm that built the bridge in 1968.";
    private static final int ARTICLES = 5;

    @TempDir
    Path stateDir;

    @Test
    void nothingIsDeadLetteredWhileTheRegistryIsDownAndEverythingIsProcessedAfterwards() throws Exception {
        try (ApicurioRegistryProcess registry = ApicurioRegistryProcess.start();
             SwitchableProxy proxy = new SwitchableProxy(EmbeddedKafkaBroker.freePort(),
                     URI.create(registry.url()).getPort());
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            String proxied = registry.url().replace(":" + URI.create(registry.url()).getPort(), ":" + proxy.port());
            BertstreamConfig config = BertstreamConfig.of(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    "state.dir", stateDir.toString(),
                    "schema.registry.url", proxied,
                    "http.port", "-1",
                    "questions.pending.ttl.ms", "600000"));
            // the clients talk to the registry directly: only the service sees the outage
            EventSerdes clients = EventSerdeFactory.fromConfig(config.with(Map.of("schema.registry.url", registry.url())));
            EnrichmentService first = EnrichmentService.start(config);
            assertTrue(first.awaitRunning(Duration.ofSeconds(120)));
            send(broker, "articles", "a0", article("a0"), clients.article().serializer());
            try (OutputReader outputs = new OutputReader(broker.bootstrapServers(), clients, "summaries", "answers")) {
                assertTrue(outputs.readUntil(seen -> seen.size() >= 1, Duration.ofSeconds(120), o -> { }));
            }
            first.close();

            proxy.down();
            long downAt = System.nanoTime();
            // a new instance: its schema cache is empty, every input needs the registry
            EnrichmentService second = EnrichmentService.start(config);
            try {
                for (int i = 1; i <= ARTICLES; i++) {
                    send(broker, "articles", "a" + i, article("a" + i), clients.article().serializer());
                    send(broker, "questions", "a" + i, EnrichmentServiceIT.question("q" + i, "a" + i,
                            "Who will do the work?"), clients.question().serializer());
                }
                Thread.sleep(20_000);
                assertEquals(List.of(), deadLetters(broker), "dead letters during the outage");
                proxy.up();
                double downSeconds = (System.nanoTime() - downAt) / 1e9;

                try (OutputReader outputs = new OutputReader(broker.bootstrapServers(), clients, "summaries",
                        "answers")) {
                    assertTrue(outputs.readUntil(seen -> seen.size() >= 1 + 2 * ARTICLES, Duration.ofSeconds(180),
                            o -> { }), "outputs after the outage: " + outputs.seen().size());
                    Thread.sleep(3_000); // anything more (a duplicate) would be committed by now
                    outputs.readUntil(seen -> false, Duration.ofSeconds(2), o -> { });
                    long summaries = outputs.seen().stream().filter(o -> o.value() instanceof Summary).count();
                    long answers = outputs.seen().stream().filter(o -> o.value() instanceof Answer).count();
                    System.out.printf("registry down %.1f s: %d summaries, %d answers, %d dead letters%n", downSeconds,
                            summaries, answers, deadLetters(broker).size());
                    assertEquals(1 + ARTICLES, summaries, "one summary per article");
                    assertEquals(ARTICLES, answers, "one answer per question");
                }
                assertEquals(List.of(), deadLetters(broker), "dead letters after the outage");
            } finally {
                second.close();
            }
        }
    }

    private static Article article(String id) {
        return Article.newBuilder().setId(id).setBody(BODY).build();
    }

    private static <V> void send(EmbeddedKafkaBroker broker, String topic, String key, V value,
                                 Serializer<V> serializer) {
        EventClients.sendOne(broker.bootstrapServers(), topic, key, value, serializer);
    }

    /** The committed dead letters, as "key:reason". */
    private static List<String> deadLetters(EmbeddedKafkaBroker broker) {
        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = EventClients.consumer(broker.bootstrapServers(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("enrichment-dlq"));
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    var reason = r.headers().lastHeader("bertstream.dlq.reason");
                    dead.add(r.key() + ":" + (reason == null ? "?" : new String(reason.value())));
                }
            }
        }
        return dead;
    }
}
