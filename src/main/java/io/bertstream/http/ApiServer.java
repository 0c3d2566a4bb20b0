package io.bertstream.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import io.bertstream.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP server under the API: Jetty's core server (no servlets) with the limits that keep one instance up
 * whatever its clients do. Request heads are parsed by Jetty's NIO selector, so slow clients hold no thread; every
 * request head and body has a deadline ({@link RequestDeadline}); bodies over {@code http.max.body.bytes} get 413
 * without being read, and only API routes read bodies at all. Liveness is answered at once on the thread that
 * parsed its head; the other routes run on bounded {@link Lane}s (readiness, metrics, the API) and a full lane
 * answers 503 with Retry-After at once.
 */
final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Jetty's own threads: acceptor, selector and the short tasks that parse heads and write responses. */
    private static final int JETTY_THREADS = 8;
    /** One scrape at a time, a few waiting: a flood of scrapes gets 503s and takes one thread. */
    private static final int METRICS_THREADS = 1;
    private static final int METRICS_QUEUE = 4;
    private static final int PROBE_QUEUE = 16;
    private static final String NOSNIFF = "X-Content-Type-Options";

    private final Server server;
    private final ServerConnector connector;
    private final Map<Endpoint.Kind, Lane> lanes;

    private ApiServer(Server server, ServerConnector connector, Map<Endpoint.Kind, Lane> lanes) {
        this.server = server;
        this.connector = connector;
        this.lanes = lanes;
    }

    /**
     * Starts listening.
     *
     * @param fixedHeaders headers on every response unless the route set them (e.g. who served it)
     */
    static ApiServer start(HttpSettings settings, BearerAuth auth, List<Endpoint> endpoints,
                           Map<String, String> fixedHeaders) {
        QueuedThreadPool threads = new QueuedThreadPool(JETTY_THREADS, 2);
        threads.setName("bertstream-http-io");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        ServerConnector connector = settings.tls().enabled()
                ? new ServerConnector(server, 1, 1, new SslConnectionFactory(sslFactory(settings.tls()), "http/1.1"),
                plain)
                : new ServerConnector(server, 1, 1, plain);
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        // the kernel's accept backlog (Java's default: 50): a burst beyond it drops SYNs, and a dropped SYN costs a
        // probe the client's 1 s retransmission timeout (seen: one probe at 1,033 ms during a 500-request burst)
        connector.setAcceptQueueSize(settings.maxConnections());
        RequestDeadline deadline = new RequestDeadline(connector.getScheduler(), settings.headerTimeout(),
                settings.bodyTimeout());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
        Map<Endpoint.Kind, Lane> lanes = new EnumMap<>(Endpoint.Kind.class);
        lanes.put(Endpoint.Kind.PROBE, new Lane("probe", settings.probeThreads(), PROBE_QUEUE));
        lanes.put(Endpoint.Kind.METRICS, new Lane("metrics", METRICS_THREADS, METRICS_QUEUE));
        Lane api = new Lane("api", settings.threads(), settings.queueSize());
        lanes.put(Endpoint.Kind.API, api);
        lanes.put(Endpoint.Kind.PAGE, api);
        server.setHandler(new Dispatch(settings.maxBodyBytes(), auth, endpoints, fixedHeaders, deadline, lanes));
        try {
            server.start();
        } catch (Exception e) {
            lanes.values().forEach(Lane::close);
            throw new IllegalStateException("cannot start the HTTP server on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        return new ApiServer(server, connector, lanes);
    }

    private static SslContextFactory.Server sslFactory(HttpSettings.Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystorePath());
        ssl.setKeyStorePassword(tls.keystorePassword());
        ssl.setKeyStoreType(tls.keystoreType());
        return ssl;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets running requests finish for up to a second, then stops the lanes and waits for them. */
    @Override
    public void close() {
        server.setStopTimeout(1000);
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        lanes.values().forEach(Lane::close);
    }

    /** Whether no route runs any more (after {@link #close}): only then may the models be closed. */
    boolean idle() {
        return lanes.values().stream().allMatch(Lane::terminated);
    }

    /** Finds the endpoint, checks the token, reads the body (bounded, API routes only) and runs the route. */
    private static final class Dispatch extends Handler.Abstract {

        private final int maxBodyBytes;
        private final BearerAuth auth;
        private final List<Endpoint> endpoints;
        private final Map<String, String> fixedHeaders;
        private final RequestDeadline deadline;
        private final Map<Endpoint.Kind, Lane> lanes;

        Dispatch(int maxBodyBytes, BearerAuth auth, List<Endpoint> endpoints, Map<String, String> fixedHeaders,
                 RequestDeadline deadline, Map<Endpoint.Kind, Lane> lanes) {
            this.maxBodyBytes = maxBodyBytes;
            this.auth = auth;
            this.endpoints = List.copyOf(endpoints);
            this.fixedHeaders = Map.copyOf(fixedHeaders);
            this.deadline = deadline;
            this.lanes = lanes;
        }

        @Override
        public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            deadline.headReceived(remote);
            Request.addCompletionListener(request, failure -> deadline.answered(remote));
            String path = Request.getPathInContext(request);
            Endpoint endpoint = endpoints.stream().filter(e -> e.matches(path)).findFirst().orElse(null);
            if (endpoint == null || endpoint.kind() != Endpoint.Kind.API) {
                // no body is read: one that was sent is left unread and the connection closed after the answer
                deadline.bodyReceived(remote);
            }
            if (endpoint == null) {
                return send(response, callback, Response.error(404, "NOT_FOUND", "no such resource: " + path));
            }
            if (auth.guards(endpoint.kind()) && !auth.allows(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                return send(response, callback, Response.error(401, "UNAUTHORIZED",
                        "this route needs an Authorization: Bearer token").withHeader("WWW-Authenticate", "Bearer"));
            }
            if (endpoint.kind() != Endpoint.Kind.API) {
                return run(endpoint, request(request, path, new byte[0]), response, callback);
            }
            if (request.getLength() > maxBodyBytes) {
                return send(response, callback, tooLarge());
            }
            // a chunked body (no length) is read up to the limit, then refused
            Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, failure) -> {
                deadline.bodyReceived(remote);
                if (failure != null) {
                    send(response, callback, timedOut(failure) ? Response.error(408, "REQUEST_TIMEOUT",
                            "the body did not arrive in time") : tooLarge());
                } else {
                    run(endpoint, request(request, path, body), response, callback);
                }
            });
            return true;
        }

        /** Liveness at once, on this thread; the others on their lane, or 503 when it is full. */
        private boolean run(Endpoint endpoint, ApiRequest api, org.eclipse.jetty.server.Response response,
                            Callback callback) {
            Lane lane = lanes.get(endpoint.kind());
            if (lane == null) {
                return send(response, callback, respond(endpoint.route(), api));
            }
            if (!lane.offer(() -> send(response, callback, respond(endpoint.route(), api)))) {
                send(response, callback, Response.unavailable("the server is busy; retry"));
            }
            return true;
        }

        private static ApiRequest request(Request request, String path, byte[] body) {
            return new ApiRequest(request.getMethod(), path, request.getHttpURI().getPathQuery(), headers(request),
                    body);
        }

        private Response tooLarge() {
            return Response.error(413, "PAYLOAD_TOO_LARGE", "the body exceeds " + maxBodyBytes + " bytes")
                    .withHeader("Connection", "close");
        }

        private static boolean timedOut(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    return true;
                }
            }
            return false;
        }

        private static Map<String, String> headers(Request request) {
            Map<String, String> headers = new HashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), field.getValue());
            }
            return headers;
        }

        /** The route's answer; a failure is logged with an id and answered 500 with that id, never its text. */
        private static Response respond(Route route, ApiRequest request) {
            try {
                return route.handle(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.unavailable("the server is stopping");
            } catch (RuntimeException e) {
                String incident = UUID.randomUUID().toString();
                LOG.error("{} {} failed (incident {})", request.method(), LogText.escape(request.path()), incident, e);
                return Response.error(500, "INTERNAL_ERROR", "internal error; the server log names incident "
                        + incident);
            }
        }

        private boolean send(org.eclipse.jetty.server.Response out, Callback callback, Response response) {
            out.setStatus(response.status());
            out.getHeaders().put(HttpHeader.CONTENT_TYPE, response.contentType());
            out.getHeaders().put(NOSNIFF, "nosniff");
            fixedHeaders.forEach((name, value) -> {
                if (!response.headers().containsKey(name)) {
                    out.getHeaders().put(name, value);
                }
            });
            response.headers().forEach(out.getHeaders()::put);
            out.getHeaders().put(HttpHeader.CONTENT_LENGTH, response.body().length);
            out.write(true, ByteBuffer.wrap(response.body()), callback);
            return true;
        }
    }
}
