package io.bertstream.http;

import org.apache.kafka.streams.state.HostInfo;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Relays a request to the instance that owns its key and returns that instance's answer. Relays cannot loop: a
 * relayed request carries {@link #FORWARDED} and is never relayed again (an instance that gets one for a key it
 * does not own answers 503, and the client retries). They cannot pile up: at most {@code http.relay.max.concurrent}
 * are in flight (503 beyond), each bounded by {@code http.relay.timeout.ms}.
 */
final class Forwarder {

    /** Header on relayed requests, naming the instance that relayed it. */
    static final String FORWARDED = "X-Bertstream-Forwarded-By";
    private static final String[] RELAYED_REQUEST_HEADERS = {"Content-Type", "Authorization"};
    private static final String[] RELAYED_RESPONSE_HEADERS = {"Retry-After", HttpApi.SERVED_BY};

    private final HttpClient client;
    private final String scheme;
    private final String self;
    private final Duration timeout;
    private final Semaphore inFlight;

    /** @param tls the SSL context to check peers with, or null for plain HTTP */
    Forwarder(String self, HttpSettings settings, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.relayTimeout());
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.scheme = tls == null ? "http" : "https";
        this.self = self;
        this.timeout = settings.relayTimeout();
        this.inFlight = new Semaphore(settings.relayMaxConcurrent());
    }

    static boolean wasForwarded(ApiRequest request) {
        return request.header(FORWARDED) != null;
    }

    Response forward(ApiRequest request, HostInfo owner) throws InterruptedException {
        String target = owner.host() + ":" + owner.port();
        if (!inFlight.tryAcquire()) {
            return Response.unavailable("too many requests are being relayed to other instances; retry");
        }
        try {
            HttpRequest.Builder relayed = HttpRequest.newBuilder(URI.create(scheme + "://" + target + request.rawPath()))
                    .timeout(timeout)
                    .header(FORWARDED, self)
                    .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (String name : RELAYED_REQUEST_HEADERS) {
                String value = request.header(name);
                if (value != null) {
                    relayed.header(name, value);
                }
            }
            HttpResponse<byte[]> answer = client.send(relayed.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new HashMap<>();
            for (String name : RELAYED_RESPONSE_HEADERS) {
                answer.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
            }
            return new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(Response.JSON), answer.body(), headers);
        } catch (HttpTimeoutException e) {
            return Response.unavailable("the owner " + target + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Response.unavailable("the owner " + target + " did not answer: " + e);
        } finally {
            inFlight.release();
        }
    }
}
