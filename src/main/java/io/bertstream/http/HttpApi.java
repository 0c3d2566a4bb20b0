package io.bertstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.bertstream.events.Answer;
import io.bertstream.metrics.ServiceMetrics;
import io.bertstream.qa.ArticleAnswerer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's HTTP API: {@code GET /articles/{id}}, {@code POST /articles/{id}/questions}, {@code GET /health},
 * {@code GET /ready} and {@code GET /metrics}.
 *
 * <p>It runs on the JDK's own {@code com.sun.net.httpserver.HttpServer} rather than a web framework: five
 * endpoints with JSON bodies need no routing DSL, servlet container or content negotiation, and the JDK server
 * adds no dependency to the jar and no second lifecycle or thread model to reason about. Requests run on a
 * small pool of daemon threads, so a request relayed to another instance does not hold up the others.
 */
public final class HttpApi implements AutoCloseable {

    /** Response header naming the instance ({@code application.server}) that computed the answer. */
    public static final String SERVED_BY = "X-Bertstream-Served-By";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int THREADS = 4;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** What the endpoints serve from. */
    public record Parts(KafkaStreams streams, ArticleAnswerer answerer, Producer<String, Answer> answerProducer,
                        String answersTopic, ServiceMetrics metrics) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final QuestionDesk desk;
    private final String servedBy;

    private HttpApi(HttpServer server, ExecutorService executor, QuestionDesk desk, String servedBy) {
        this.server = server;
        this.executor = executor;
        this.desk = desk;
        this.servedBy = servedBy;
    }

    /**
     * Starts the server.
     *
     * @param port the port to listen on; 0 = any free port (see {@link #port()})
     * @param self this instance's {@code application.server}, or null when it runs alone
     */
    public static HttpApi start(int port, HostInfo self, Parts parts) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        QuestionDesk desk = new QuestionDesk(parts.answerer(), parts.answerProducer(), parts.answersTopic());
        String selfName = self == null ? null : self.host() + ":" + self.port();
        HttpApi api = new HttpApi(server, executor, desk, selfName);
        HealthRoutes health = new HealthRoutes(parts.streams());
        api.route("/articles/", new ArticleRoutes(new ArticleLocator(parts.streams(), self),
                new Forwarder(selfName == null ? "unnamed" : selfName), desk));
        api.route("/health", health.health());
        api.route("/ready", health.ready());
        api.route("/metrics", (exchange, body) -> Route.requireMethod(exchange, "GET",
                () -> Response.text(200, PROMETHEUS_TEXT, parts.metrics().scrape())));
        api.route("/", (exchange, body) -> Response.error(404, "NOT_FOUND",
                "no such resource: " + exchange.getRequestURI().getPath()));
        server.setExecutor(executor);
        server.start();
        LOG.info("HTTP API listening on port {}{}", api.port(),
                self == null ? " (no application.server: every article is looked up locally)" : " as " + selfName);
        return api;
    }

    /** The port the server is bound to (the chosen one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void route(String path, Route route) {
        server.createContext(path, handler(route));
    }

    private HttpHandler handler(Route route) {
        return exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                write(exchange, respond(route, exchange, body));
            } finally {
                exchange.close();
            }
        };
    }

    private static Response respond(Route route, HttpExchange exchange, byte[] body) {
        try {
            return route.handle(exchange, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.unavailable("the server is stopping");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            return Response.error(500, "INTERNAL_ERROR", String.valueOf(e.getMessage()));
        }
    }

    private void write(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        if (servedBy != null && !response.headers().containsKey(SERVED_BY)) {
            exchange.getResponseHeaders().set(SERVED_BY, servedBy);
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "bertstream-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops accepting requests, lets running ones finish (up to a second), then closes the answer producer. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        desk.close();
    }
}
