package io.bertstream.app;

import io.bertstream.topology.FlowMetrics;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A thread failing on the same input again and again ends in ERROR (health DOWN), not an endless loop. */
class StreamFailuresTest {

    @Test
    void threadsAreReplacedUntilTheyFailThreeTimesInARowWithNoOutputInBetween() {
        StreamFailures failures = new StreamFailures(3);
        FlowMetrics flow = failures.watching(FlowMetrics.NONE);
        RuntimeException boom = new IllegalStateException("boom");
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        flow.emitted("summaries", 5); // progress: the run of failures ends
        assertEquals(0, failures.inARow());
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(boom));
    }
}
