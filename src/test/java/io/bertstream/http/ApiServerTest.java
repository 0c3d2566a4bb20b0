package io.bertstream.http;

import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP server's limits, lanes and authentication, with routes that only take time. */
class ApiServerTest {

    private ApiServer server;

    private ApiServer start(Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(HTTP_PORT, "0", HTTP_BIND_ADDRESS, "127.0.0.1"));
        all.putAll(config);
        BertstreamConfig c = BertstreamConfig.of(all);
        Route slow = request -> {
            Thread.sleep(50);
            return Response.text(200, "text/plain", "done");
        };
        server = ApiServer.start(HttpSettings.from(c), BearerAuth.from(c), List.of(
                Endpoint.probe("/health", request -> Response.text(200, "text/plain", "UP")),
                Endpoint.under("/articles/", slow)), Map.of());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void burstBeyondTheQueueIsShedWith503AndRetryAfter() {
        start(Map.of(HTTP_THREADS, "2", HTTP_QUEUE_SIZE, "4"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(client.sendAsync(HttpRequest.newBuilder(uri("/articles/a")).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> p : pending) {
            HttpResponse<String> response = p.join();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 503) {
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
            }
        }
        assertTrue(statuses.get(200) >= 6 && statuses.get(503) > 0, statuses.toString());
        assertEquals(200, statuses.get(200) + statuses.get(503), statuses.toString());
    }

    @Test
    void tokensGuardTheRoutesButNeverTheProbes() throws Exception {
        start(Map.of(HTTP_AUTH_TOKENS, "alpha, beta"));
        assertEquals(401, get("/articles/a", null).statusCode());
        assertEquals(401, get("/articles/a", "Bearer gamma").statusCode());
        assertEquals("Bearer", get("/articles/a", "Bearer gamma").headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(200, get("/articles/a", "Bearer beta").statusCode());
        assertEquals(200, get("/health", null).statusCode());
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        start(Map.of(HTTP_MAX_BODY_BYTES, "1024"));
        assertEquals(413, RawHttp.upload(server.port(), "/articles/a", 1025, false).status());
        assertEquals(413, RawHttp.upload(server.port(), "/articles/a", 4096, true).status());
        assertEquals(200, RawHttp.upload(server.port(), "/articles/a", 1024, true).status());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
