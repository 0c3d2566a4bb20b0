package io.bertstream.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a new connection that has not sent a complete request head within {@code http.header.timeout.ms}.
 * Jetty's idle timeout restarts with every byte, so a slow-loris client sending one header byte every few seconds
 * would otherwise hold its connection for ever; after the first request, the idle timeout governs (keep-alive).
 * Connections are known by their remote address, which is the same before and after a TLS handshake.
 */
final class HeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Set<SocketAddress> headsReceived = ConcurrentHashMap.newKeySet();
    /** The remote address of each open connection: a closed endpoint no longer knows it. */
    private final Map<Connection, SocketAddress> open = new ConcurrentHashMap<>();

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (remote == null) {
            return;
        }
        open.put(connection, remote);
        scheduler.schedule(() -> {
            if (connection.getEndPoint().isOpen() && !headsReceived.contains(remote)) {
                connection.getEndPoint().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        SocketAddress remote = open.remove(connection);
        if (remote != null) {
            headsReceived.remove(remote);
        }
    }

    /** A complete request head arrived from {@code remote}. */
    void headReceived(SocketAddress remote) {
        headsReceived.add(remote);
    }
}
