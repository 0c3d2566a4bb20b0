package io.bertstream.topology;

import org.apache.kafka.streams.KeyValue;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Cuts what a flush takes from the buffer into slices no larger than a batch (one entry at least), and starts no
 * new slice once the work has overrun the budget of one transaction ({@link SlowInputs}): the rest stays buffered
 * until Kafka Streams could commit, so a full buffer never makes one huge transaction.
 *
 * @param <P> the buffered entry
 */
final class BudgetedSlices<P> {

    private final TopologySettings.BatchLimits limits;
    private final SlowInputs slow;
    private final ToIntFunction<P> sentencesOf;
    private final ToIntFunction<P> tokensOf;

    BudgetedSlices(TopologySettings.BatchLimits limits, SlowInputs slow, ToIntFunction<P> sentencesOf,
                   ToIntFunction<P> tokensOf) {
        this.limits = limits;
        this.slow = slow;
        this.sentencesOf = sentencesOf;
        this.tokensOf = tokensOf;
    }

    /** Hands the entries to {@code work} a slice at a time, the first slice whatever the budget; returns how many. */
    int process(List<KeyValue<String, P>> entries, Consumer<List<KeyValue<String, P>>> work) {
        long started = System.nanoTime();
        int done = 0;
        while (done < entries.size() && (done == 0 || !overBudget(started))) {
            List<KeyValue<String, P>> slice = entries.subList(done, sliceEnd(entries, done));
            work.accept(slice);
            done += slice.size();
        }
        return done;
    }

    /** Whether the work begun at {@code startedNanos} has overrun the budget of one transaction. */
    boolean overBudget(long startedNanos) {
        return System.nanoTime() - startedNanos > slow.budget().toNanos();
    }

    /** The end of the slice that starts at {@code from}: entries are added while it is under both batch limits. */
    private int sliceEnd(List<KeyValue<String, P>> entries, int from) {
        int end = from;
        long sentences = 0;
        long tokens = 0;
        while (end < entries.size() && sentences < limits.maxSentences() && tokens < limits.maxTokens()) {
            sentences += sentencesOf.applyAsInt(entries.get(end).value);
            tokens += tokensOf.applyAsInt(entries.get(end).value);
            end++;
        }
        return end;
    }
}
