package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A small HTTP client for the API tests: requests to one port, JSON bodies, retries while rebalancing. */
final class HttpProbe {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final int port;
    private final String token;

    HttpProbe(int port) {
        this(port, null);
    }

    /** Requests carrying {@code Authorization: Bearer token}. */
    HttpProbe(int port, String token) {
        this.port = port;
        this.token = token;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET, retried while the answer is 503 (rebalancing, restoring). */
    HttpResponse<String> getSettled(String path) {
        return until(() -> get(path), r -> r.statusCode() != 503);
    }

    /** POST, retried while the answer is 503 (rebalancing, restoring). */
    HttpResponse<String> postSettled(String path, String json) {
        return until(() -> post(path, json), r -> r.statusCode() != 503);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** A port free right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Repeats {@code call} until {@code done} holds for its answer or a minute passes; returns the last answer. */
    static HttpResponse<String> until(Supplier<HttpResponse<String>> call, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> response = call.get();
        while (!done.test(response) && System.nanoTime() < deadline) {
            sleep();
            response = call.get();
        }
        return response;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
