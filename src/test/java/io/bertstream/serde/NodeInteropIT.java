package io.bertstream.serde;

import io.bertstream.app.EnrichmentService;
import io.bertstream.app.OutputReader;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service against a client nobody here wrote: kafkajs with @kafkajs/confluent-schema-registry
 * ({@code src/test/node/interop}) produces an article through a real registry (Apicurio), the service summarises
 * it, and the Node client reads and checks the summary. Both directions of the wire format: Java decodes what
 * Node encoded (else no summary), Node decodes what Java encoded.
 *
 * <p>Needs Node.js 18+ and npm on the PATH (the test fails without them); it runs {@code npm ci} itself when
 * {@code node_modules} is missing.
 */
class NodeInteropIT {

    private static final Path SCRIPTS = Path.of("src", "test", "node", "interop");
    private static final String ARTICLE_ID = "node-interop-article";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path stateDir;
    private static NodeScripts node;
    private static EmbeddedKafkaBroker broker;
    private static ApicurioRegistryProcess registry;
    private static EnrichmentService service;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeScripts(SCRIPTS);
        broker = EmbeddedKafkaBroker.startTemporary();
        registry = ApicurioRegistryProcess.start();
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "state.dir", stateDir.toString(),
                "http.port", "-1")));
        assertTrue(service.awaitRunning(Duration.ofSeconds(90)), "Kafka Streams did not reach RUNNING");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aNodeProducedArticleIsSummarisedAndTheNodeConsumerReadsAndChecksTheSummary() {
        Map<String, String> env = Map.of(
                "BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", registry.url(),
                "CONSUME_TIMEOUT_MS", String.valueOf(Duration.ofMinutes(2).toMillis()));

        NodeScripts.Run produced = node.node("produce-article.js", env, SCRIPT_TIMEOUT);
        System.out.println(produced.transcript());
        assertEquals(0, produced.exitCode(), "produce-article.js failed:\n" + produced.output());

        NodeScripts.Run consumed = node.node("consume-summary.js", env, SCRIPT_TIMEOUT);
        System.out.println(consumed.transcript());
        assertEquals(0, consumed.exitCode(), "consume-summary.js failed:\n" + consumed.output());

        Summary summary = javaSideSummary();
        assertTrue(summary.getSentences().size() > 0, "an empty summary");
        for (SummarySentence sentence : summary.getSentences()) {
            assertTrue(consumed.output().contains(sentence.getText()),
                    "Node decoded another text than Java for sentence " + sentence.getIndex() + ": " + sentence.getText());
        }
    }

    /** The one summary of the article, read with the service's own serdes. */
    private static Summary javaSideSummary() {
        try (OutputReader outputs = new OutputReader(broker.bootstrapServers(), service.serdes(), "summaries", "answers")) {
            assertTrue(outputs.readUntil(seen -> !summaries(seen).isEmpty(), Duration.ofSeconds(30), o -> {
            }), "no summary of " + ARTICLE_ID + " read from Java");
            List<Summary> summaries = summaries(outputs.seen());
            assertEquals(1, summaries.size(), "summaries of " + ARTICLE_ID);
            return summaries.get(0);
        }
    }

    private static List<Summary> summaries(List<OutputReader.Output> seen) {
        return seen.stream().filter(o -> ARTICLE_ID.equals(o.key()) && o.value() instanceof Summary)
                .map(o -> (Summary) o.value()).toList();
    }
}
