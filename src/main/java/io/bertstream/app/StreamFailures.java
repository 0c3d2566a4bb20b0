package io.bertstream.app;

import io.bertstream.kafka.KafkaFailures;
import io.bertstream.store.UnknownStateSchemaException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What to do when a stream thread dies: replace it (its task restarts from the last commit, so a transient
 * fault is retried), unless the same task keeps failing with no progress of its own in between. Then the same
 * input fails again and again, and the instance stops its Kafka Streams client: state ERROR, so {@code /health}
 * answers 503 and an orchestrator restarts it, instead of a thread-replacement loop behind a healthy status.
 *
 * <p>Progress is a mark that moves when the failing task gets further: the committed offsets of its own
 * partitions (not records forwarded: a failing transaction forwards records too, and they are aborted with it;
 * not the whole group's: with several instances, other members' commits moved it while one task looped for
 * ever), and the distinct refusals noted for its inputs, which will be dead letters next time. Failures are
 * counted per task (the task id Kafka Streams puts on the exception, else the failing thread's only active
 * task); a failure with neither is measured on the whole group.
 *
 * <p>A state record of a schema this version does not know (a newer version wrote it, during a rolling upgrade)
 * stops the instance at the first failure: every replacement would meet it again.
 */
final class StreamFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFailures.class);
    private static final String NO_TASK = "no task";

    private final int unhealthyAfter;
    private final Function<OptionalInt, Optional<?>> progress;
    private final Supplier<OptionalInt> threadPartition;
    private final Map<String, Run> runs = new HashMap<>();

    /** A task's failures in a row, and its progress mark at the last one. */
    private record Run(int inARow, Object mark) {
    }

    /**
     * @param progress the progress mark now of the tasks of one partition (or of all, when none is given); empty
     *                 when unknown: then a failure counts as no progress
     */
    StreamFailures(int unhealthyAfter, Function<OptionalInt, Optional<?>> progress) {
        this(unhealthyAfter, progress, OptionalInt::empty);
    }

    /**
     * @param threadPartition the partition of the only active task of the calling (failing) stream thread, if it
     *                        has exactly one: where a failure without a task id is measured
     */
    StreamFailures(int unhealthyAfter, Function<OptionalInt, Optional<?>> progress,
                   Supplier<OptionalInt> threadPartition) {
        this.unhealthyAfter = unhealthyAfter;
        this.progress = progress;
        this.threadPartition = threadPartition;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (KafkaFailures.isSecurityFailure(exception)) {
            // a new thread would fail the same way, for ever: stop, with one clear error
            LOG.error("{}; stopping", KafkaFailures.describe("Kafka Streams cannot run", exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (causeOf(exception, UnknownStateSchemaException.class).isPresent()) {
            LOG.error("This instance reads state that a newer version of the service wrote; stopping Kafka Streams "
                    + "(health DOWN) so the task moves to an upgraded instance. Finish the upgrade (or roll it back "
                    + "with the state written since deleted)", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<TaskId> task = taskOf(exception);
        // a send error can reach the thread without a task id: then the thread's own task, when it has one
        OptionalInt partition = task.map(t -> OptionalInt.of(t.partition())).orElseGet(threadPartition);
        String key = task.map(TaskId::toString)
                .orElse(partition.isPresent() ? "partition " + partition.getAsInt() : NO_TASK);
        Optional<?> now = progress.apply(partition);
        Run before = runs.get(key);
        boolean progressed = now.isPresent() && before != null && before.mark() != null
                && !now.get().equals(before.mark());
        int inARow = before == null || progressed ? 1 : before.inARow() + 1;
        Object mark = now.isPresent() ? now.get() : before == null ? null : before.mark();
        runs.put(key, new Run(inARow, mark));
        if (inARow >= unhealthyAfter) {
            LOG.error("Stream thread failed {} times in a row on {} with no progress in between; stopping Kafka "
                    + "Streams (health DOWN)", inARow, key, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed on {} ({} in a row with no progress in between); replacing it", key, inARow,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The most failures in a row (with no progress in between) of any task so far. */
    synchronized int inARow() {
        return runs.values().stream().mapToInt(Run::inARow).max().orElse(0);
    }

    /** The task Kafka Streams names on the exception (or on one of its causes). */
    static Optional<TaskId> taskOf(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof StreamsException streams && streams.taskId().isPresent()) {
                return streams.taskId();
            }
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
