package io.bertstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends requests to a schema registry with failover and retries. A request that cannot connect or gets a 5xx
 * moves on to the next base URL; when all fail, the round is retried with exponential backoff up to
 * {@link HttpSchemaRegistryClient.Options#maxRetries()} times. A 4xx answer is final and surfaces at once.
 */
final class RegistryTransport {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    /** A successful answer and the URL that gave it. */
    record Answer(String url, JsonNode json) {
    }

    private final List<RegistryEndpoint> endpoints;
    private final HttpSchemaRegistryClient.Options options;
    private final HttpClient http;
    // the URL that answered last is tried first, so a dead one costs only one failed connect
    private volatile int preferredEndpoint;

    RegistryTransport(List<RegistryEndpoint> endpoints, HttpSchemaRegistryClient.Options options) {
        this.endpoints = endpoints;
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    }

    /** Sends one request with failover and retries; returns the parsed JSON answer. */
    Answer send(String method, String path, String body) {
        SchemaRegistryException failure = null;
        for (int attempt = 0; ; attempt++) {
            int first = preferredEndpoint;
            for (int i = 0; i < endpoints.size(); i++) {
                int index = (first + i) % endpoints.size();
                try {
                    RegistryEndpoint endpoint = endpoints.get(index);
                    JsonNode answer = sendOnce(endpoint, method, path, body);
                    preferredEndpoint = index;
                    return new Answer(endpoint.baseUrl() + path, answer);
                } catch (RetriableFailure retriable) {
                    if (failure != null) {
                        retriable.failure.addSuppressed(failure);
                    }
                    failure = retriable.failure;
                }
            }
            if (attempt >= options.maxRetries()) {
                throw failure;
            }
            sleep(backoff(attempt), failure);
        }
    }

    private JsonNode sendOnce(RegistryEndpoint endpoint, String method, String path, String body)
            throws RetriableFailure {
        String url = endpoint.baseUrl() + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(options.readTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        RegistryReply response;
        try {
            response = RegistryReply.read(url, http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new RetriableFailure(new SchemaRegistryException(url, e.toString(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(url, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new RetriableFailure(response.error(url));
        }
        if (status >= 300) {
            throw response.error(url);
        }
        return response.json(url);
    }

    private Duration backoff(int attempt) {
        long wait = options.retryWait().toMillis() << Math.min(attempt, 30);
        return Duration.ofMillis(Math.min(wait, options.maxRetryWait().toMillis()));
    }

    private static void sleep(Duration wait, SchemaRegistryException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** A failure that another URL or a later retry may not have: connection error or 5xx. */
    private static final class RetriableFailure extends Exception {
        final SchemaRegistryException failure;

        RetriableFailure(SchemaRegistryException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
