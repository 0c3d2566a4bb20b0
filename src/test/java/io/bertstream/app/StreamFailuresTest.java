package io.bertstream.app;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A thread failing on the same input again and again ends in ERROR (health DOWN), not an endless loop. */
class StreamFailuresTest {

    private final Map<String, Long> offsets = new HashMap<>(Map.of("articles-0", 10L));
    private boolean brokerAnswers = true;
    private final StreamFailures failures = new StreamFailures(3,
            () -> brokerAnswers ? Optional.of(Map.copyOf(offsets)) : Optional.empty());
    private final RuntimeException boom = new IllegalStateException("boom");

    @Test
    void threadsAreReplacedUntilTheyFailThreeTimesInARowWithNoCommitInBetween() {
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        offsets.put("articles-0", 12L); // a transaction committed: the run of failures ends
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(1, failures.inARow());
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(boom));
    }

    @Test
    void recordsForwardedByATransactionThatThenAbortsAreNoProgress() {
        // what the forwarding counter of before missed: each attempt forwarded records, none committed
        for (int attempt = 1; attempt < 3; attempt++) {
            assertEquals(REPLACE_THREAD, failures.handle(boom));
        }
        assertEquals(SHUTDOWN_CLIENT, failures.handle(boom));
    }

    @Test
    void offsetsTheBrokerCannotTellCountAsNoProgress() {
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        brokerAnswers = false;
        offsets.put("articles-0", 99L);
        assertEquals(REPLACE_THREAD, failures.handle(boom));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(boom));
    }
}
