package io.bertstream.http;

import com.sun.net.httpserver.HttpExchange;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Relays a request to the instance that owns its key and returns that instance's answer. A relayed request
 * carries {@link #FORWARDED}, and is never relayed again: an instance that gets one for a key it does not own
 * (ownership moved in between) answers 503, and the client retries.
 */
final class Forwarder {

    /** Header on relayed requests, naming the instance that relayed it. */
    static final String FORWARDED = "X-Bertstream-Forwarded-By";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String self;

    Forwarder(String self) {
        this.self = self;
    }

    static boolean wasForwarded(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey(FORWARDED);
    }

    Response forward(HttpExchange exchange, byte[] body, HostInfo owner) throws InterruptedException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + exchange.getRequestURI().getRawPath());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header(FORWARDED, self)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new HashMap<>();
            for (String relayed : new String[]{"Retry-After", HttpApi.SERVED_BY}) {
                answer.headers().firstValue(relayed).ifPresent(v -> headers.put(relayed, v));
            }
            return new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(Response.JSON), answer.body(), headers);
        } catch (IOException e) {
            return Response.unavailable("the owner " + owner.host() + ":" + owner.port() + " did not answer: " + e);
        }
    }
}
