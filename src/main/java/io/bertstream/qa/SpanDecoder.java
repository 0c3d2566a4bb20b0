package io.bertstream.qa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Turns one window's start and end logits into its best answer spans, as Hugging Face's
 * {@code select_starts_ends} and {@code decode_spans} do.
 */
final class SpanDecoder {

    /** The logit Hugging Face gives tokens that may not be part of an answer. */
    static final double MASKED_LOGIT = -10000.0;

    /** Best first, then earlier spans first, so ties come out in a stable order. */
    static final Comparator<TokenSpan> BEST_FIRST = Comparator.comparingDouble(TokenSpan::score).reversed()
            .thenComparingInt(TokenSpan::first)
            .thenComparingInt(TokenSpan::last);

    /** The top spans of a window and the probability that it holds no answer ([CLS] as start and end). */
    record Decoded(List<TokenSpan> spans, double nullScore) {
    }

    private SpanDecoder() {
    }

    /**
     * @param startLogits  start logits; positions at or past {@code scoreable.length} (batch padding) are ignored
     * @param endLogits    end logits, likewise
     * @param scoreable    positions that enter the softmax; the others get {@link #MASKED_LOGIT}
     * @param topK         how many spans to keep
     * @param maxAnswerLen longest span in tokens
     */
    static Decoded decode(float[] startLogits, float[] endLogits, boolean[] scoreable, int topK, int maxAnswerLen) {
        double[] start = softmax(startLogits, scoreable);
        double[] end = softmax(endLogits, scoreable);
        double nullScore = start[0] * end[0];
        return new Decoded(topSpans(start, end, scoreable, topK, maxAnswerLen), nullScore);
    }

    /** Best spans with 0 <= last - first < maxAnswerLen over scoreable tokens other than position 0 ([CLS]). */
    private static List<TokenSpan> topSpans(double[] start, double[] end, boolean[] scoreable, int topK,
                                            int maxAnswerLen) {
        PriorityQueue<TokenSpan> kept = new PriorityQueue<>(BEST_FIRST.reversed());
        for (int first = 1; first < scoreable.length; first++) {
            if (!scoreable[first]) {
                continue;
            }
            int lastAllowed = Math.min(scoreable.length - 1, first + maxAnswerLen - 1);
            for (int last = first; last <= lastAllowed; last++) {
                if (!scoreable[last]) {
                    continue;
                }
                double score = start[first] * end[last];
                // spans come in (first, last) order, so one tying the worst kept span ranks below it
                if (kept.size() == topK && score <= kept.peek().score()) {
                    continue;
                }
                kept.add(new TokenSpan(first, last, score));
                if (kept.size() > topK) {
                    kept.poll();
                }
            }
        }
        List<TokenSpan> spans = new ArrayList<>(kept);
        spans.sort(BEST_FIRST);
        return spans;
    }

    /** Softmax with max subtraction over the first {@code scoreable.length} logits, masked ones at -10000. */
    private static double[] softmax(float[] logits, boolean[] scoreable) {
        double[] values = new double[scoreable.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            values[i] = scoreable[i] ? logits[i] : MASKED_LOGIT;
            max = Math.max(max, values[i]);
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(values[i] - max);
            sum += values[i];
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= sum;
        }
        return values;
    }
}
