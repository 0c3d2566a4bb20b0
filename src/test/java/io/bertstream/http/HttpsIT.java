package io.bertstream.http;

import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API over TLS (keystore made by keytool): probes answer over https without a token, article routes
 * want the bearer token, plain http on the TLS port gets no answer, and a client that does not trust the
 * certificate cannot connect.
 */
class HttpsIT {

    private static final String TOKEN = "s3cret-token";
    private static EnrichmentService service;
    private static TestCertificates certificates;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(TestCertificates.tempDir());
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                "state.dir", Files.createTempDirectory("bertstream-https-it-").toString(),
                "schema.registry.url", "mock://https-it",
                "http.port", "0",
                "http.auth.tokens", TOKEN,
                "http.tls.keystore.path", certificates.keystore().toString(),
                "http.tls.keystore.password", certificates.password())));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)), "Kafka Streams RUNNING");
        port = service.httpPort().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }


    private static HttpRequest.Builder get(String scheme, String path) {
        return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    @Test
    void probesAndRoutesAnswerOverTlsAndOnlyOverTls() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .connectTimeout(Duration.ofSeconds(30)).build();
        assertEquals(200, client.send(get("https", "/health").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, client.send(get("https", "/articles/nothing").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the article route wants the token");
        assertEquals(404, client.send(get("https", "/articles/nothing").header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "with the token: an unknown article");

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        assertThrows(IOException.class, () -> plain.send(get("http", "/health").build(),
                HttpResponse.BodyHandlers.ofString()), "plain http on the TLS port");
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(get("https", "/health").build(),
                HttpResponse.BodyHandlers.ofString()), "a certificate the client does not trust");
    }
}
