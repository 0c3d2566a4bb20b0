package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.app.EnrichmentService;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Summary;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the service (same application.id, one broker, 4 partitions) answer for every article, whichever
 * of them owns it: the non-owner relays the request to the owner named by Kafka Streams' metadata.
 */
class TwoInstancesIT {

    private static final List<String> IDS = IntStream.rangeClosed(1, 8).mapToObj(i -> "city-" + i).toList();

    private static EmbeddedKafkaBroker broker;
    private static final List<Instance> instances = new ArrayList<>();
    private static Map<String, Summary> summaries;

    /** One service with its HTTP address. */
    private record Instance(EnrichmentService service, HostInfo host, HttpProbe http) {
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.startTemporary();
        for (int i = 0; i < 2; i++) {
            int port = HttpProbe.freePort();
            EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                    BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    APPLICATION_ID, "two-instances-it",
                    TOPIC_PARTITIONS, "4",
                    STATE_DIR, Files.createTempDirectory("bertstream-two-" + i + "-").toString(),
                    SCHEMA_REGISTRY_URL, "mock://two-instances-it",
                    HTTP_PORT, String.valueOf(port),
                    APPLICATION_SERVER, "127.0.0.1:" + port)));
            instances.add(new Instance(service, new HostInfo("127.0.0.1", port), new HttpProbe(port)));
        }
        for (Instance instance : instances) {
            assertTrue(instance.service().awaitRunning(Duration.ofMinutes(2)), "Kafka Streams RUNNING");
        }
        try (ArticleTraffic traffic = new ArticleTraffic(instances.get(0).service())) {
            IDS.forEach(id -> traffic.send(ArticleTraffic.article(id)));
            summaries = traffic.awaitSummaries(IDS);
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(instance -> instance.service().close());
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void bothInstancesOwnArticles() {
        Map<HostInfo, Integer> owned = new HashMap<>();
        owners().values().forEach(host -> owned.merge(host, 1, Integer::sum));

        assertEquals(2, owned.size(), "articles by owner: " + owned);
    }

    @Test
    void everyArticleIsServedByEitherInstance() {
        Map<String, HostInfo> owners = owners();
        for (String id : IDS) {
            for (Instance instance : instances) {
                HttpResponse<String> response = instance.http().getSettled("/articles/" + id);

                assertEquals(200, response.statusCode(), id + " via " + instance.host() + ": " + response.body());
                JsonNode body = HttpProbe.json(response);
                assertEquals(id, body.get("articleId").asText());
                assertEquals(summaries.get(id).getSummary(), body.get("summary").get("summary").asText());
                assertEquals(name(owners.get(id)), response.headers().firstValue(HttpApi.SERVED_BY).orElse(""),
                        "computed by the owner of " + id);
            }
        }
    }

    @Test
    void unknownArticleIs404OnBothInstances() {
        for (Instance instance : instances) {
            assertEquals(404, instance.http().getSettled("/articles/no-such-city").statusCode());
        }
    }

    @Test
    void questionsAreAnsweredThroughTheNonOwner() {
        Map<String, HostInfo> owners = owners();
        for (String id : List.of(IDS.get(0), IDS.get(IDS.size() - 1))) {
            Instance other = instances.stream().filter(i -> !i.host().equals(owners.get(id))).findFirst()
                    .orElseThrow();

            HttpResponse<String> response = other.http().postSettled("/articles/" + id + "/questions",
                    "{\"question\": \"How many books does the library hold?\", \"questionId\": \"q-" + id + "\"}");

            assertEquals(200, response.statusCode(), response.body());
            assertNotEquals(name(other.host()), response.headers().firstValue(HttpApi.SERVED_BY).orElse(""));
            JsonNode answer = HttpProbe.json(response);
            assertEquals("q-" + id, answer.get("questionId").asText());
            assertEquals("ANSWERED", answer.get("status").asText());
            // the bundled reader answers with the span; its sentence comes along as the context
            assertEquals("forty thousand", answer.get("answer").asText(), answer.toString());
            assertTrue(answer.get("context").asText().contains("holds forty thousand books"), answer.toString());
        }
    }

    /** The active host of every article, by Kafka Streams' metadata (the same from either instance). */
    private static Map<String, HostInfo> owners() {
        Map<String, HostInfo> owners = new LinkedHashMap<>();
        for (String id : IDS) {
            KeyQueryMetadata metadata = instances.get(0).service().streams().queryMetadataForKey(
                    EnrichmentTopology.ARTICLES_STORE, id, Serdes.String().serializer());
            assertNotEquals(KeyQueryMetadata.NOT_AVAILABLE, metadata, "metadata of " + id);
            owners.put(id, metadata.activeHost());
        }
        return owners;
    }

    private static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
