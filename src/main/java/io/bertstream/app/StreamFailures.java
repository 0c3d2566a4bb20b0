package io.bertstream.app;

import io.bertstream.kafka.KafkaFailures;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What to do when a stream thread dies: replace it (its task restarts from the last commit, so a transient
 * fault is retried), unless threads keep failing with no commit in between. Then the same input fails again and
 * again, and the instance stops its Kafka Streams client: state ERROR, so {@code /health} answers 503 and an
 * orchestrator restarts it, instead of a thread-replacement loop behind a healthy status.
 *
 * <p>Progress is a mark that moves when the instance gets further: the application's committed offsets (not
 * records forwarded: a failing transaction forwards records too, and they are aborted with it), and the refusals
 * noted for inputs that will be dead letters next time.
 */
final class StreamFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFailures.class);

    private final int unhealthyAfter;
    private final Supplier<Optional<?>> progress;
    private int inARow;
    private Object progressAtLastFailure;

    /**
     * @param progress the progress mark now (empty when unknown: then a failure counts as no progress)
     */
    StreamFailures(int unhealthyAfter, Supplier<Optional<?>> progress) {
        this.unhealthyAfter = unhealthyAfter;
        this.progress = progress;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (KafkaFailures.isSecurityFailure(exception)) {
            // a new thread would fail the same way, for ever: stop, with one clear error
            LOG.error("{}; stopping", KafkaFailures.describe("Kafka Streams cannot run", exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<?> now = progress.get();
        boolean progressed = now.isPresent() && progressAtLastFailure != null
                && !now.get().equals(progressAtLastFailure);
        inARow = progressed ? 1 : inARow + 1;
        now.ifPresent(mark -> progressAtLastFailure = mark);
        if (inARow >= unhealthyAfter) {
            LOG.error("Stream thread failed {} times in a row with no progress in between; stopping Kafka Streams "
                    + "(health DOWN)", inARow, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed ({} in a row with no progress in between); replacing it", inARow, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Failures in a row (with no progress in between) so far. */
    synchronized int inARow() {
        return inARow;
    }
}
