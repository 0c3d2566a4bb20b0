package io.bertstream.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * The buffer of a {@link BufferedBatchProcessor}: its entries in a changelogged key-value store, and what says when
 * a batch of them is due. Entries are keyed by a zero-padded sequence number, so the store iterates them in arrival
 * order. A batch is due at {@code maxSentences} sentences, at {@code maxTokens} tokens, when the oldest new entry
 * has waited {@code maxWait} by the wall clock, or when nothing new has come for {@code idle}.
 *
 * @param <P> the buffered entry
 */
final class BatchBuffer<P> {

    private final KeyValueStore<String, P> store;
    private final TopologySettings.BatchLimits limits;
    private final ToIntFunction<P> sentencesOf;
    private final ToIntFunction<P> tokensOf;
    private final LongSupplier wallClockMs;

    private long nextSequence;
    private int bufferedSentences;
    private int bufferedTokens;
    private long oldestFreshAt = -1;
    private long newestAt = -1;

    BatchBuffer(KeyValueStore<String, P> store, TopologySettings.BatchLimits limits, ToIntFunction<P> sentencesOf,
                ToIntFunction<P> tokensOf, LongSupplier wallClockMs) {
        this.store = store;
        this.limits = limits;
        this.sentencesOf = sentencesOf;
        this.tokensOf = tokensOf;
        this.wallClockMs = wallClockMs;
    }

    /** After a restart (or a task move) the buffer holds what was committed: count it and carry on. */
    void recover() {
        try (KeyValueIterator<String, P> last = store.reverseAll()) {
            if (last.hasNext()) {
                nextSequence = Long.parseLong(last.next().key, 16) + 1;
                // what was buffered before the restart is due a wait from now, not from before the crash
                oldestFreshAt = wallClockMs.getAsLong();
                newestAt = oldestFreshAt;
            } else {
                nextSequence = 0;
            }
        }
        recount();
    }

    /** Buffers the entry; returns what makes a batch due now (its sentences or tokens), or null. */
    BatchStats.Trigger add(P entry) {
        store.put(String.format("%016x", nextSequence++), entry);
        bufferedSentences += sentencesOf.applyAsInt(entry);
        bufferedTokens += tokensOf.applyAsInt(entry);
        newestAt = wallClockMs.getAsLong();
        if (oldestFreshAt < 0) {
            oldestFreshAt = newestAt;
        }
        if (bufferedSentences >= limits.maxSentences()) {
            return BatchStats.Trigger.SENTENCES;
        } else if (bufferedTokens >= limits.maxTokens()) {
            return BatchStats.Trigger.TOKENS;
        }
        return null;
    }

    /** What makes a batch due by the wall clock at {@code now} (the wait, or an idle pause), or null. */
    BatchStats.Trigger dueAt(long now) {
        if (oldestFreshAt < 0) {
            return null;
        }
        if (now - oldestFreshAt >= limits.maxWait().toMillis()) {
            return BatchStats.Trigger.TIME;
        } else if (!limits.idle().isZero() && now - newestAt >= limits.idle().toMillis()) {
            return BatchStats.Trigger.IDLE;
        }
        return null;
    }

    /** All buffered entries, in arrival order. */
    List<KeyValue<String, P>> entries() {
        List<KeyValue<String, P>> entries = new ArrayList<>();
        try (KeyValueIterator<String, P> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    /** How long the oldest new entry has waited, in milliseconds (0 when there is none). */
    long waitedMs() {
        return oldestFreshAt < 0 ? 0 : wallClockMs.getAsLong() - oldestFreshAt;
    }

    void delete(String key) {
        store.delete(key);
    }

    boolean isEmpty() {
        try (KeyValueIterator<String, P> all = store.all()) {
            return !all.hasNext();
        }
    }

    /** Counts what a flush left; {@code leftOver}: some entries are left, due at the next tick, not after a wait. */
    void flushed(boolean leftOver) {
        recount();
        oldestFreshAt = leftOver ? wallClockMs.getAsLong() - limits.maxWait().toMillis() : -1;
    }

    private void recount() {
        bufferedSentences = 0;
        bufferedTokens = 0;
        try (KeyValueIterator<String, P> all = store.all()) {
            all.forEachRemaining(kv -> {
                bufferedSentences += sentencesOf.applyAsInt(kv.value);
                bufferedTokens += tokensOf.applyAsInt(kv.value);
            });
        }
    }
}
