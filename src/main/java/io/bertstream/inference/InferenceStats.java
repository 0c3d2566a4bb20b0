package io.bertstream.inference;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of the encoder's work, read by the metrics endpoint and the benchmark. Thread-safe.
 */
public final class InferenceStats {

    private final LongAdder calls = new LongAdder();
    private final LongAdder sentences = new LongAdder();
    private final LongAdder realTokens = new LongAdder();
    private final LongAdder paddedTokens = new LongAdder();
    private final LongAdder truncatedSentences = new LongAdder();
    private final DoubleAdder inferenceSeconds = new DoubleAdder();

    /** One model call: its inputs, their real tokens, the tokens computed (inputs x longest), its time. */
    public void recordCall(int batchSentences, long batchRealTokens, long batchPaddedTokens, double seconds) {
        calls.increment();
        sentences.add(batchSentences);
        realTokens.add(batchRealTokens);
        paddedTokens.add(batchPaddedTokens);
        inferenceSeconds.add(seconds);
    }

    void recordTruncated(int count) {
        truncatedSentences.add(count);
    }

    public long calls() {
        return calls.sum();
    }

    public long sentences() {
        return sentences.sum();
    }

    public long realTokens() {
        return realTokens.sum();
    }

    public long paddedTokens() {
        return paddedTokens.sum();
    }

    public long truncatedSentences() {
        return truncatedSentences.sum();
    }

    public double inferenceSeconds() {
        return inferenceSeconds.sum();
    }

    /** Share of the computed tokens that were padding (0 = none). */
    public double paddingRatio() {
        long padded = paddedTokens();
        return padded == 0 ? 0 : 1.0 - (double) realTokens() / padded;
    }
}
