package io.bertstream.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for every request head ({@code http.header.timeout.ms}, from its first byte, the TLS handshake's
 * included) and every request body ({@code http.body.timeout.ms}, from the end of the head), on every connection:
 * a minimum data rate. Jetty's idle timeout restarts with every byte, so a client trickling
 * a byte every few seconds would otherwise hold its connection for days. Jetty's own rate limits do not do this:
 * {@code HttpConfiguration.setMinRequestDataRate} is not enforced by Jetty 12's core server, and
 * {@code MinimumDataRateHandler} divides the bytes of all requests together by one request's age.
 *
 * <p>Each connection is in one phase: at rest (new, or kept alive with nothing received since the last answer:
 * the idle timeout governs it, as nothing resets that), receiving a head, reading a body, or busy (the route runs,
 * its answer is written). A sweep every quarter of the shorter deadline closes the connections past their
 * phase's deadline; a resting connection whose byte count grew is receiving a head from then on. The deadline
 * starts when Jetty has read the first bytes, so a server slow to read under load does not count against its
 * clients. Connections are known by their remote
 * address, which the TLS connection and the HTTP connection inside it share.
 */
final class RequestDeadline extends AbstractLifeCycle implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private enum Phase { HEAD, BODY, BUSY, REST }

    private final Scheduler scheduler;
    private final long headNanos;
    private final long bodyNanos;
    private final long sweepMillis;
    private final Map<SocketAddress, Exchange> exchanges = new ConcurrentHashMap<>();
    /** The remote address of each open connection: a closed endpoint no longer knows it. */
    private final Map<Connection, SocketAddress> open = new ConcurrentHashMap<>();
    private volatile boolean running;

    RequestDeadline(Scheduler scheduler, Duration headTimeout, Duration bodyTimeout) {
        this.scheduler = scheduler;
        this.headNanos = headTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.sweepMillis = Math.max(50, Math.min(1000, Math.min(headTimeout.toMillis(), bodyTimeout.toMillis()) / 4));
    }

    @Override
    protected void doStart() {
        running = true;
        scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        running = false;
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (remote == null) {
            return;
        }
        open.put(connection, remote);
        exchanges.computeIfAbsent(remote, r -> new Exchange()).connections.add(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        SocketAddress remote = open.remove(connection);
        if (remote != null) {
            exchanges.computeIfPresent(remote, (r, exchange) -> {
                exchange.connections.remove(connection);
                return exchange.connections.isEmpty() ? null : exchange;
            });
        }
    }

    /** A complete request head arrived from {@code remote}: its body's deadline starts. */
    void headReceived(SocketAddress remote) {
        at(remote, Phase.BODY);
    }

    /** The body arrived (or the route needs none): no deadline while the route runs. */
    void bodyReceived(SocketAddress remote) {
        at(remote, Phase.BUSY);
    }

    /** The answer was written (or failed): the connection rests until its next request's first byte. */
    void answered(SocketAddress remote) {
        at(remote, Phase.REST);
    }

    private void at(SocketAddress remote, Phase phase) {
        Exchange exchange = remote == null ? null : exchanges.get(remote);
        if (exchange != null) {
            exchange.enter(phase, System.nanoTime());
        }
    }

    private void sweep() {
        if (!running) {
            return;
        }
        try {
            long now = System.nanoTime();
            exchanges.forEach((remote, exchange) -> {
                if (exchange.expired(now, headNanos, bodyNanos)) {
                    LOG.debug("closing the connection from {}: its request did not arrive in time", remote);
                    exchange.connections.forEach(c -> c.getEndPoint().close());
                }
            });
        } finally {
            scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** One client connection (plain, or TLS and the HTTP connection inside it) and the phase of its request. */
    private static final class Exchange {

        final List<Connection> connections = new CopyOnWriteArrayList<>();
        private Phase phase = Phase.REST;
        private long since;
        private long bytesAtRest;

        synchronized void enter(Phase next, long now) {
            phase = next;
            since = now;
            if (next == Phase.REST) {
                bytesAtRest = bytesIn();
            }
        }

        synchronized boolean expired(long now, long headNanos, long bodyNanos) {
            return switch (phase) {
                case HEAD -> now - since > headNanos;
                case BODY -> now - since > bodyNanos;
                case BUSY -> false;
                case REST -> {
                    if (bytesIn() > bytesAtRest) {
                        // the next request has begun: its head has the head deadline from (about) now
                        phase = Phase.HEAD;
                        since = now;
                    }
                    yield false;
                }
            };
        }

        private long bytesIn() {
            long bytes = 0;
            for (Connection connection : connections) {
                bytes += connection.getBytesIn();
            }
            return bytes;
        }
    }
}
