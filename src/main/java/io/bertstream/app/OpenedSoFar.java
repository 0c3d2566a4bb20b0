package io.bertstream.app;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start-up has opened so far (a broker, models, clients), so that when a later step throws, everything is
 * closed again, newest first: a service that fails to start must not leave an in-process broker or an admin
 * client's threads behind (they keep the JVM alive, or keep ports and files).
 */
final class OpenedSoFar {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Remembers {@code resource} and returns it. */
    <T extends AutoCloseable> T add(T resource) {
        if (resource != null) {
            opened.push(resource);
        }
        return resource;
    }

    /** Closes everything opened, newest first; a failure to close is added to {@code cause} as suppressed. */
    void closeAll(Throwable cause) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception | LinkageError e) {
                cause.addSuppressed(e);
            }
        }
    }
}
