package io.bertstream.topology;

import io.bertstream.serde.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a serde call that may reach the schema registry; while the registry is unreachable (or answers 5xx) the
 * stream thread pauses and retries, up to {@code maxWait}, which is kept well inside the transaction timeout.
 * Permanent failures (unknown schema id, incompatible schema, corrupt bytes) are thrown at once, for the caller
 * to dead-letter.
 */
final class TransientRetry {

    private static final Logger LOG = LoggerFactory.getLogger(TransientRetry.class);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Duration maxWait;

    TransientRetry(Duration maxWait) {
        this.maxWait = maxWait;
    }

    <T> T call(String what, Supplier<T> action) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (System.nanoTime() >= deadline) {
                    throw new TransientFailure(what + ": the schema registry is still unavailable after "
                            + maxWait.toSeconds() + " s", e);
                }
                LOG.warn("{}: schema registry unavailable ({}); retrying in {} ms", what, e.getMessage(), backoff);
                sleep(backoff, e);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    static boolean isTransient(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof TransientFailure
                    || e instanceof SchemaRegistryException registry && registry.isTransient()) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long ms, RuntimeException failure) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while waiting for the schema registry", failure);
        }
    }
}
