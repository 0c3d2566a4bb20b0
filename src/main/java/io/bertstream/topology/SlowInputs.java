package io.bertstream.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the work of one transaction bounded in wall time, and ends inputs that are too slow to ever commit.
 *
 * <p>A batch's work runs inside the task's open transaction. If it outlasts {@code transaction.timeout.ms} the
 * broker aborts the transaction and fences the producer; Kafka Streams handles that internally (the task is
 * closed and re-initialised, no uncaught-exception handler call), and the same input is redone, for ever. So the
 * work is timed against a budget well inside the transaction timeout (and {@code max.poll.interval.ms}):
 * <ul>
 *   <li>a group of inputs whose work overran the budget is noted, and those inputs are computed one by one when
 *       they come again (so one slow input does not drag its neighbours down with it);</li>
 *   <li>an input whose work alone overran the budget is noted too slow: when it comes again (its transaction was
 *       lost) it is a dead letter {@code too-slow} without being computed. If its transaction committed in time,
 *       it never comes again and the note is harmless.</li>
 * </ul>
 * Notes are in memory (at most {@value #MAX_NOTES}), shared by the tasks of an instance: each instance that meets
 * a too-slow input pays one overrun, not an endless loop.
 */
public final class SlowInputs {

    private static final Logger LOG = LoggerFactory.getLogger(SlowInputs.class);
    private static final int MAX_NOTES = 10_000;

    /** How an input was slow: in a group (compute it alone next time), or alone (a dead letter next time). */
    private enum Slowness { IN_A_GROUP, ALONE }

    private final Duration budget;
    private final Map<Noted, Slowness> notes = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Noted, Slowness> eldest) {
            return size() > MAX_NOTES;
        }
    };

    /**
     * An input in one phase of its work (the store it was read from: a question is worked on when it leaves the
     * pending buffer, and again when it leaves the waiting store; a slow first phase that committed says nothing
     * of the second).
     */
    private record Noted(String phase, DeadLetters.Source input) {
    }

    public SlowInputs(Duration budget) {
        this.budget = budget;
    }

    /** The wall-time budget of a batch's work (and of a punctuation's slices). */
    public Duration budget() {
        return budget;
    }

    /** Whether this input's work alone overran the budget before: it is a dead letter {@code too-slow} now. */
    synchronized boolean tooSlow(String phase, DeadLetters.Source input) {
        return notes.get(new Noted(phase, input)) == Slowness.ALONE;
    }

    /** Whether this input was part of a group whose work overran the budget: compute it alone. */
    synchronized boolean slowInAGroup(String phase, DeadLetters.Source input) {
        return notes.get(new Noted(phase, input)) == Slowness.IN_A_GROUP;
    }

    /** The reason of a too-slow input's dead letter. */
    String reason() {
        return "processing this input took longer than the " + budget.toMillis() + " ms a transaction's work may "
                + "take (its transaction was lost); it is not tried again";
    }

    /**
     * {@code compute} on the items, timed against the budget; items that were part of a group that overran it
     * before are computed one by one, the others together.
     */
    <T, R> List<R> compute(String phase, List<T> items, Function<T, DeadLetters.Source> sourceOf,
                           Function<List<T>, List<R>> compute) {
        List<T> together = new ArrayList<>();
        List<Integer> togetherAt = new ArrayList<>();
        List<R> results = new ArrayList<>(Collections.nCopies(items.size(), null));
        for (int i = 0; i < items.size(); i++) {
            if (items.size() > 1 && slowInAGroup(phase, sourceOf.apply(items.get(i)))) {
                results.set(i, timed(phase, List.of(items.get(i)), sourceOf, compute).get(0));
            } else {
                together.add(items.get(i));
                togetherAt.add(i);
            }
        }
        List<R> computed = together.isEmpty() ? List.of() : timed(phase, together, sourceOf, compute);
        for (int j = 0; j < together.size(); j++) {
            results.set(togetherAt.get(j), computed.get(j));
        }
        return results;
    }

    /**
     * Computes {@code items} as one group, timed: when the work overruns the budget, each item's input is noted
     * (alone: too slow; in a group: to be computed alone).
     */
    private <T, R> List<R> timed(String phase, List<T> items, Function<T, DeadLetters.Source> sourceOf,
                         Function<List<T>, List<R>> compute) {
        long started = System.nanoTime();
        List<R> results = compute.apply(items);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (tookMs > budget.toMillis()) {
            Slowness slowness = items.size() == 1 ? Slowness.ALONE : Slowness.IN_A_GROUP;
            LOG.warn("The work of {} input(s) took {} ms, more than the budget of {} ms: {}", items.size(), tookMs,
                    budget.toMillis(), slowness == Slowness.ALONE
                            ? "if its transaction is lost, the input is a dead letter too-slow next time"
                            : "if their transaction is lost, they are computed one by one next time");
            synchronized (this) {
                items.forEach(item -> notes.merge(new Noted(phase, sourceOf.apply(item)), slowness,
                        (before, now) -> now == Slowness.ALONE ? now : before));
            }
        }
        return results;
    }
}
