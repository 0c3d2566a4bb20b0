package io.bertstream.app;

import io.bertstream.store.UnknownStateSchemaException;
import io.bertstream.topology.ProductionRejections;
import io.bertstream.topology.Provenance;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A thread failing on the same input again and again ends in ERROR (health DOWN), not an endless loop. */
class StreamFailuresTest {

    /** Committed offsets of the group, as the broker would tell them: "topic-partition" to offset. */
    private final Map<String, Long> offsets = new TreeMap<>(Map.of("articles-0", 10L, "articles-1", 20L));
    private final ProductionRejections rejections = new ProductionRejections();
    private boolean brokerAnswers = true;
    private final StreamFailures failures = new StreamFailures(3, this::progress);
    private final RuntimeException onTask0 = new StreamsException("boom", new TaskId(0, 0));
    private final RuntimeException onTask1 = new StreamsException("boom", new TaskId(0, 1));

    private Optional<?> progress(OptionalInt partition) {
        return brokerAnswers ? Optional.of(List.of(ofPartition(partition), rejections.notes(partition.orElse(-1))))
                : Optional.empty();
    }

    private Map<String, Long> ofPartition(OptionalInt partition) {
        Map<String, Long> own = new TreeMap<>(offsets);
        partition.ifPresent(p -> own.keySet().removeIf(key -> !key.endsWith("-" + p)));
        return own;
    }

    @Test
    void threadsAreReplacedUntilTheyFailThreeTimesInARowWithNoCommitInBetween() {
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        offsets.put("articles-0", 12L); // the task's transaction committed: the run of failures ends
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(1, failures.inARow());
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
    }

    @Test
    void recordsForwardedByATransactionThatThenAbortsAreNoProgress() {
        // what the forwarding counter of before missed: each attempt forwarded records, none committed
        for (int attempt = 1; attempt < 3; attempt++) {
            assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        }
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
    }

    @Test
    void commitsOfOtherPartitionsAreNoProgressForTheFailingTask() {
        // before: the whole group's offsets were the mark, so another member's traffic hid the loop for ever
        for (int attempt = 1; attempt < 3; attempt++) {
            assertEquals(REPLACE_THREAD, failures.handle(onTask0));
            offsets.merge("articles-1", 5L, Long::sum);
        }
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
    }

    @Test
    void aFailureWithoutATaskIdIsMeasuredOnTheFailingThreadsOwnTask() {
        StreamFailures byThread = new StreamFailures(3, this::progress, () -> OptionalInt.of(0));
        RuntimeException sendError = new StreamsException("Error encountered sending record to topic t");
        for (int attempt = 1; attempt < 3; attempt++) {
            assertEquals(REPLACE_THREAD, byThread.handle(sendError));
            offsets.merge("articles-1", 5L, Long::sum); // another member's traffic
        }
        assertEquals(SHUTDOWN_CLIENT, byThread.handle(sendError));
    }

    @Test
    void tasksAreCountedApart() {
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(REPLACE_THREAD, failures.handle(onTask1));
        assertEquals(2, failures.inARow());
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
    }

    @Test
    void aRefusalNotedAgainAndAgainCountsAsProgressOnce() {
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("summaries", 0, new byte[1], new byte[100]);
        Provenance.stamp(refused.headers(), new DeadLetters.Source("articles", 0, 7));
        rejections.note(refused, "too large", "app-articles-changelog");
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        rejections.note(refused, "too large", "app-articles-changelog"); // the same input, refused again
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        rejections.note(refused, "too large", "app-articles-changelog");
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
        assertEquals(1, rejections.notes(0));
        assertEquals(0, rejections.notes(1));
    }

    @Test
    void aNewRefusalOfTheTasksInputIsProgress() {
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        for (long offset = 1; offset <= 3; offset++) {
            ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("summaries", 0, new byte[1], new byte[9]);
            Provenance.stamp(refused.headers(), new DeadLetters.Source("articles", 0, offset));
            rejections.note(refused, "too large", "app-articles-changelog");
            assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        }
        assertEquals(1, failures.inARow());
    }

    @Test
    void offsetsTheBrokerCannotTellCountAsNoProgress() {
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        brokerAnswers = false;
        offsets.put("articles-0", 99L);
        assertEquals(REPLACE_THREAD, failures.handle(onTask0));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(onTask0));
    }

    @Test
    void stateOfANewerVersionStopsTheInstanceAtTheFirstFailure() {
        RuntimeException newer = new StreamsException("processing failed",
                new UnknownStateSchemaException("written with an unknown schema", null), new TaskId(0, 0));
        assertEquals(SHUTDOWN_CLIENT, failures.handle(newer));
    }
}
