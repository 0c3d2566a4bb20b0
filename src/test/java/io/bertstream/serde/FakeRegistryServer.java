package io.bertstream.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback HTTP server that answers scripted responses (then 200 with {@code fallbackBody}) and
 * records each request, to check what the client sends and how it reacts to failures.
 */
final class FakeRegistryServer implements AutoCloseable {

    /** What the client sent. */
    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private record Response(int status, String body) {
    }

    private final HttpServer server;
    private final LinkedBlockingQueue<Response> script = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String fallbackBody = "{}";

    FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Queues one answer. */
    FakeRegistryServer then(int status, String body) {
        script.add(new Response(status, body));
        return this;
    }

    /** The answer once the script is used up. */
    FakeRegistryServer otherwise(String body) {
        fallbackBody = body;
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Response response = script.poll();
        byte[] answer = (response == null ? fallbackBody : response.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response == null ? 200 : response.status(), answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
