package io.bertstream.http;

import io.bertstream.metrics.ServiceMetrics;
import io.bertstream.qa.ArticleAnswerer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The service's HTTP API: {@code GET /articles/{id}}, {@code POST /articles/{id}/questions}, {@code GET /articles}
 * (the latest articles), {@code GET /live} (the page's live figures), {@code GET /health}, {@code GET /ready} and
 * {@code GET /metrics}, and the web page under {@code /ui/}, on an {@link ApiServer}. The article routes and
 * {@code /live} need a bearer token when {@link BearerAuth} has any, {@code /metrics} too with
 * {@code http.auth.metrics=true}; the probes and the page's static files never do.
 */
public final class HttpApi implements AutoCloseable {

    /** Response header naming the instance ({@code application.server}) that computed the answer. */
    public static final String SERVED_BY = "X-Bertstream-Served-By";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** What the endpoints serve from. */
    public record Parts(KafkaStreams streams, ArticleAnswerer answerer, ServiceMetrics metrics) {
    }

    private final ApiServer server;

    private HttpApi(ApiServer server) {
        this.server = server;
    }

    /**
     * Starts the server on {@code settings.port()} (0 = any free port, see {@link #port()}).
     *
     * @param self this instance's {@code application.server}, or null when it runs alone
     */
    public static HttpApi start(HttpSettings settings, BearerAuth auth, HostInfo self, Parts parts) {
        String selfName = self == null ? null : self.host() + ":" + self.port();
        HealthRoutes health = new HealthRoutes(parts.streams());
        WebPageRoute page = new WebPageRoute();
        Forwarder forwarder = new Forwarder(selfName == null ? "unnamed" : selfName, settings,
                settings.tls().enabled() ? RelayTls.context(settings.tls()) : null, auth.required());
        if (self != null && auth.required() && !settings.tls().enabled()) {
            LOG.warn("Bearer tokens without TLS: requests for articles another instance owns are answered 421, not"
                    + " relayed (a relay carries the caller's token); set http.tls.* to relay them");
        }
        List<Endpoint> endpoints = List.of(
                Endpoint.liveness("/health", health.health()),
                Endpoint.probe("/ready", health.ready()),
                Endpoint.metrics("/metrics", new MetricsRoute(parts.metrics()::scrape)),
                Endpoint.under("/articles/", new ArticleRoutes(new ArticleLocator(parts.streams(), self), forwarder,
                        new QuestionDesk(parts.answerer(), settings.inferenceMaxConcurrent(),
                                settings.inferenceQueueWait()),
                        settings.questionMaxTokens())),
                Endpoint.exact("/articles", new ArticleListRoute(new RecentArticlePages(parts.streams(), self),
                        forwarder)),
                Endpoint.exact("/live", request -> Route.requireMethod(request, "GET",
                        () -> Response.json(200, parts.metrics().liveFigures()))),
                Endpoint.page("/ui", page),
                Endpoint.page(WebPageRoute.PREFIX, page));
        ApiServer server = ApiServer.start(settings, auth, endpoints,
                selfName == null ? Map.of() : Map.of(SERVED_BY, selfName));
        LOG.info("HTTP API (and the web page at {}) listening on {}://{}:{}{}{}", WebPageRoute.PREFIX,
                settings.tls().enabled() ? "https" : "http",
                settings.bindAddress(), server.port(), auth.required() ? ", bearer tokens required"
                        : ", WITHOUT authentication",
                self == null ? " (no application.server: every article is looked up locally)" : " as " + selfName);
        return new HttpApi(server);
    }

    /** The port the server is bound to (the chosen one when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Stops accepting requests and lets running ones finish (up to a second). */
    @Override
    public void close() {
        server.close();
    }

    /** Whether no route runs any more, so no inference of the HTTP API (after {@link #close}). */
    public boolean idle() {
        return server.idle();
    }
}
