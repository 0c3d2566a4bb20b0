package io.bertstream.topology;

import java.util.concurrent.atomic.LongAdder;

/** What the batching processors did: flushes by trigger, batch sizes and queue wait. Thread-safe. */
public final class BatchStats {

    /** Why a batch was flushed. */
    public enum Trigger { SENTENCES, TOKENS, TIME, IDLE, CHECK }

    /**
     * Where a batching processor spends its time: sentence splitting, tokenization, the model, the summaries'
     * clustering, the state store (serialising and writing to RocksDB) and forwarding outputs (serialising and
     * handing them to the producer).
     */
    public enum Stage { SPLIT, TOKENIZE, MODEL, CLUSTER, STORE, FORWARD }

    private final LongAdder[] flushes = new LongAdder[Trigger.values().length];
    private final LongAdder items = new LongAdder();
    private final LongAdder sentences = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder queueWaitMs = new LongAdder();
    private final LongAdder[] stageNanos = new LongAdder[Stage.values().length];

    public BatchStats() {
        for (int i = 0; i < flushes.length; i++) {
            flushes[i] = new LongAdder();
        }
        for (int i = 0; i < stageNanos.length; i++) {
            stageNanos[i] = new LongAdder();
        }
    }

    /** Adds the time since {@code startedNanos} (System.nanoTime) to a stage; returns the time now. */
    long recordStage(Stage stage, long startedNanos) {
        long now = System.nanoTime();
        stageNanos[stage.ordinal()].add(now - startedNanos);
        return now;
    }

    /** Total seconds spent in a stage. */
    public double stageSeconds(Stage stage) {
        return stageNanos[stage.ordinal()].sum() / 1e9;
    }

    void recordFlush(Trigger trigger, int batchItems, int batchSentences, int batchTokens, long waitMs) {
        flushes[trigger.ordinal()].increment();
        items.add(batchItems);
        sentences.add(batchSentences);
        tokens.add(batchTokens);
        queueWaitMs.add(waitMs);
    }

    public long flushes(Trigger trigger) {
        return flushes[trigger.ordinal()].sum();
    }

    public long flushes() {
        long total = 0;
        for (LongAdder f : flushes) {
            total += f.sum();
        }
        return total;
    }

    public long items() {
        return items.sum();
    }

    public long sentences() {
        return sentences.sum();
    }

    public long tokens() {
        return tokens.sum();
    }

    /** Sum over flushes of how long the oldest entry of each batch had waited. */
    public long queueWaitMs() {
        return queueWaitMs.sum();
    }
}
