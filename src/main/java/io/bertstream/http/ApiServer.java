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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP server under the API: Jetty's core server (no servlets) with the limits that keep one instance up
 * whatever its clients do. Request heads are parsed by Jetty's NIO selector, so slow clients hold no thread; a
 * new connection must send its head within {@code http.header.timeout.ms}; bodies over {@code http.max.body.bytes}
 * get 413 without being read; a route runs on one of two bounded {@link Lane}s (probes, or the article routes)
 * and a full lane answers 503 with Retry-After at once.
 */
final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Jetty's own threads: acceptor, selector and the short tasks that parse heads and write responses. */
    private static final int JETTY_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final Lane probes;
    private final Lane work;

    private ApiServer(Server server, ServerConnector connector, Lane probes, Lane work) {
        this.server = server;
        this.connector = connector;
        this.probes = probes;
        this.work = work;
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
        HeaderDeadline deadline = new HeaderDeadline(connector.getScheduler(), settings.headerTimeout());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
        Lane probes = new Lane("probe", settings.probeThreads(), 16);
        Lane work = new Lane("api", settings.threads(), settings.queueSize());
        server.setHandler(new Dispatch(settings.maxBodyBytes(), auth, endpoints, fixedHeaders, deadline, probes, work));
        try {
            server.start();
        } catch (Exception e) {
            probes.close();
            work.close();
            throw new IllegalStateException("cannot start the HTTP server on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        return new ApiServer(server, connector, probes, work);
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
        probes.close();
        work.close();
    }

    /** Whether no route runs any more (after {@link #close}): only then may the models be closed. */
    boolean idle() {
        return probes.terminated() && work.terminated();
    }

    /** Finds the endpoint, checks the token, reads the body (bounded) and runs the route on its lane. */
    private static final class Dispatch extends Handler.Abstract {

        private final int maxBodyBytes;
        private final BearerAuth auth;
        private final List<Endpoint> endpoints;
        private final Map<String, String> fixedHeaders;
        private final HeaderDeadline deadline;
        private final Lane probes;
        private final Lane work;

        Dispatch(int maxBodyBytes, BearerAuth auth, List<Endpoint> endpoints, Map<String, String> fixedHeaders,
                 HeaderDeadline deadline, Lane probes, Lane work) {
            this.maxBodyBytes = maxBodyBytes;
            this.auth = auth;
            this.endpoints = List.copyOf(endpoints);
            this.fixedHeaders = Map.copyOf(fixedHeaders);
            this.deadline = deadline;
            this.probes = probes;
            this.work = work;
        }

        @Override
        public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
            deadline.headReceived(request.getConnectionMetaData().getRemoteSocketAddress());
            String path = Request.getPathInContext(request);
            Endpoint endpoint = endpoints.stream().filter(e -> e.matches(path)).findFirst().orElse(null);
            if (endpoint == null) {
                return send(response, callback, Response.error(404, "NOT_FOUND", "no such resource: " + path));
            }
            if (!endpoint.open() && !auth.allows(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                return send(response, callback, Response.error(401, "UNAUTHORIZED",
                        "this route needs an Authorization: Bearer token").withHeader("WWW-Authenticate", "Bearer"));
            }
            if (request.getLength() > maxBodyBytes) {
                return send(response, callback, tooLarge());
            }
            Lane lane = endpoint.probe() ? probes : work;
            // a chunked body (no length) is read up to the limit, then refused
            Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, failure) -> {
                if (failure != null) {
                    send(response, callback, timedOut(failure) ? Response.error(408, "REQUEST_TIMEOUT",
                            "the body did not arrive in time") : tooLarge());
                    return;
                }
                ApiRequest api = new ApiRequest(request.getMethod(), path, request.getHttpURI().getPathQuery(),
                        headers(request), body);
                if (!lane.offer(() -> send(response, callback, respond(endpoint.route(), api)))) {
                    send(response, callback, Response.unavailable("the server is busy; retry"));
                }
            });
            return true;
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

        private static Response respond(Route route, ApiRequest request) {
            try {
                return route.handle(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.unavailable("the server is stopping");
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", request.method(), request.path(), e);
                return Response.error(500, "INTERNAL_ERROR", String.valueOf(e.getMessage()));
            }
        }

        private boolean send(org.eclipse.jetty.server.Response out, Callback callback, Response response) {
            out.setStatus(response.status());
            out.getHeaders().put(HttpHeader.CONTENT_TYPE, response.contentType());
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
