package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.app.EnrichmentService;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.TestCertificates;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances with bearer tokens and TLS (one keytool certificate for 127.0.0.1): a request for an article the
 * other instance owns is relayed to it over TLS, the caller's token with it, and answered 200 with the owner's
 * name; without the token the first instance answers 401 and relays nothing.
 */
class TlsRelayIT {

    private static final String TOKEN = "relay-it-token";
    private static final List<String> IDS = IntStream.rangeClosed(1, 6).mapToObj(i -> "town-" + i).toList();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static EmbeddedKafkaBroker broker;
    private static final List<EnrichmentService> services = new ArrayList<>();
    private static final List<HostInfo> hosts = new ArrayList<>();
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = TestCertificates.create(TestCertificates.tempDir());
        client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .connectTimeout(Duration.ofSeconds(30)).build();
        broker = EmbeddedKafkaBroker.startTemporary();
        for (int i = 0; i < 2; i++) {
            int port = HttpProbe.freePort();
            services.add(EnrichmentService.start(BertstreamConfig.of(Map.of(
                    BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    APPLICATION_ID, "tls-relay-it",
                    TOPIC_PARTITIONS, "4",
                    STATE_DIR, Files.createTempDirectory("bertstream-tls-relay-" + i + "-").toString(),
                    SCHEMA_REGISTRY_URL, "mock://tls-relay-it",
                    HTTP_PORT, String.valueOf(port),
                    APPLICATION_SERVER, "127.0.0.1:" + port,
                    HTTP_AUTH_TOKENS, TOKEN,
                    HTTP_TLS_KEYSTORE_PATH, certificates.keystore().toString(),
                    HTTP_TLS_KEYSTORE_PASSWORD, certificates.password()))));
            hosts.add(new HostInfo("127.0.0.1", port));
        }
        for (EnrichmentService service : services) {
            assertTrue(service.awaitRunning(Duration.ofMinutes(2)), "Kafka Streams RUNNING");
        }
        try (ArticleTraffic traffic = new ArticleTraffic(services.get(0))) {
            IDS.forEach(id -> traffic.send(ArticleTraffic.article(id)));
            traffic.awaitSummaries(IDS);
        }
    }

    @AfterAll
    static void stop() {
        services.forEach(EnrichmentService::close);
        if (broker != null) {
            broker.close();
        }
    }


    @Test
    void requestsForTheOtherInstancesArticlesAreRelayedOverTls() throws Exception {
        int relayed = 0;
        for (String id : IDS) {
            KeyQueryMetadata metadata = services.get(0).streams().queryMetadataForKey(
                    EnrichmentTopology.ARTICLES_STORE, id, Serdes.String().serializer());
            assertNotEquals(KeyQueryMetadata.NOT_AVAILABLE, metadata, "metadata of " + id);
            HostInfo owner = metadata.activeHost();
            HostInfo other = hosts.get(0).equals(owner) ? hosts.get(1) : hosts.get(0);

            HttpResponse<String> response = HttpProbe.until(() -> send(other, "/articles/" + id, TOKEN, null),
                    r -> r.statusCode() != 503);
            assertEquals(200, response.statusCode(), id + ": " + response.body());
            assertEquals(id, MAPPER.readTree(response.body()).get("articleId").asText());
            assertEquals(owner.host() + ":" + owner.port(), response.headers().firstValue(HttpApi.SERVED_BY)
                    .orElse(""), "computed by the owner of " + id);
            assertEquals(401, send(other, "/articles/" + id, null, null).statusCode(), "no token, no relay");
            relayed++;
        }
        String id = IDS.get(0);
        HostInfo owner = services.get(0).streams().queryMetadataForKey(EnrichmentTopology.ARTICLES_STORE, id,
                Serdes.String().serializer()).activeHost();
        HostInfo other = hosts.get(0).equals(owner) ? hosts.get(1) : hosts.get(0);
        HttpResponse<String> answer = HttpProbe.until(() -> send(other, "/articles/" + id + "/questions", TOKEN,
                "{\"question\": \"How many books does the library hold?\"}"), r -> r.statusCode() != 503);
        JsonNode json = MAPPER.readTree(answer.body());
        System.out.printf("TLS-RELAY %d articles read through the non-owner over https; question -> %d %s%n",
                relayed, answer.statusCode(), json.path("answer").asText());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("ANSWERED", json.get("status").asText());
    }

    private static HttpResponse<String> send(HostInfo to, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + to.port() + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
