package io.bertstream.http;

import org.apache.kafka.streams.state.HostInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * are in flight (503 beyond), each bounded by {@code http.relay.timeout.ms}. A relay carries the caller's
 * {@code Authorization} header, so with bearer tokens it is made over TLS only: without TLS the answer is 421
 * (Misdirected Request) and the token never leaves this instance. Failures are answered without the owner's
 * address or the exception's text (both are logged).
 */
final class Forwarder {

    /** Header on relayed requests, naming the instance that relayed it. */
    static final String FORWARDED = "X-Bertstream-Forwarded-By";
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final String[] RELAYED_REQUEST_HEADERS = {"Content-Type", "Authorization"};
    private static final String[] RELAYED_RESPONSE_HEADERS = {"Retry-After", HttpApi.SERVED_BY};

    private final HttpClient client;
    private final String scheme;
    private final String self;
    private final Duration timeout;
    private final Semaphore inFlight;
    private final boolean refused;

    /**
     * @param tls        the SSL context to check peers with, or null for plain HTTP
     * @param withTokens whether requests carry bearer tokens (then only TLS relays them)
     */
    Forwarder(String self, HttpSettings settings, SSLContext tls, boolean withTokens) {
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
        this.refused = withTokens && tls == null;
    }

    static boolean wasForwarded(ApiRequest request) {
        return request.header(FORWARDED) != null;
    }

    Response forward(ApiRequest request, HostInfo owner) throws InterruptedException {
        String target = owner.host() + ":" + owner.port();
        if (refused) {
            return Response.error(421, "MISDIRECTED_REQUEST", "another instance owns this article, and requests"
                    + " carrying bearer tokens are relayed only over TLS (http.tls.*); ask the owner directly");
        }
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
            LOG.warn("The owner {} did not answer a relayed request within {} ms", target, timeout.toMillis());
            return Response.unavailable("the owning instance did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            LOG.warn("The owner {} did not answer a relayed request: {}", target, e.toString());
            return Response.unavailable("the owning instance did not answer; retry");
        } finally {
            inFlight.release();
        }
    }
}
