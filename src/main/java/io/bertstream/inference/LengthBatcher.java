package io.bertstream.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cuts model inputs into tight batches: sorted by length, so that each batch is padded only to its own longest
 * input, and bounded by inputs and by padded tokens. Padding in arrival order can triple the work.
 */
public final class LengthBatcher {

    private LengthBatcher() {
    }

    /**
     * A batch is also cut when the next input would make more than this share of its padded tokens padding
     * (sorted lengths jump: a few long inputs after many short ones), once it has {@link #MIN_ITEMS_BEFORE_CUT}
     * inputs: in a service batch of a few hundred sentences, fixed-size cuts left 20 % padding.
     */
    public static final double MAX_PADDING = 0.10;
    /** Fewer inputs than this are never cut for padding: tiny batches cost more per token than padding does. */
    public static final int MIN_ITEMS_BEFORE_CUT = 4;

    /**
     * Indices sorted by length (stable: equal lengths keep their order), cut so that each batch has at most
     * {@code maxItems} inputs and at most {@code maxTokens} padded tokens (an input longer than the budget still
     * forms its own batch), and at most {@link #MAX_PADDING} padding once it has a few inputs.
     */
    public static List<int[]> cut(int[] lengths, int maxItems, int maxTokens) {
        return cut(lengths, maxItems, maxTokens, MAX_PADDING);
    }

    /** {@link #cut(int[], int, int)} with another padding cap (1 = none: cut by items and tokens only). */
    public static List<int[]> cut(int[] lengths, int maxItems, int maxTokens, double maxPadding) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long realTokens = 0;
        for (int index : order) {
            // sorted ascending, so this input is the longest of the batch so far
            long paddedIfAdded = (long) (current.size() + 1) * lengths[index];
            boolean tooPadded = current.size() >= MIN_ITEMS_BEFORE_CUT
                    && 1.0 - (double) (realTokens + lengths[index]) / paddedIfAdded > maxPadding;
            if (!current.isEmpty() && (current.size() >= maxItems || paddedIfAdded > maxTokens || tooPadded)) {
                batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
                realTokens = 0;
            }
            current.add(index);
            realTokens += lengths[index];
        }
        if (!current.isEmpty()) {
            batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /** Consecutive chunks of at most {@code maxItems} in arrival order: what batching without sorting does. */
    public static List<int[]> inOrder(int length, int maxItems) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < length; from += maxItems) {
            batches.add(IntStream.range(from, Math.min(length, from + maxItems)).toArray());
        }
        return batches;
    }

    /** Share of the computed tokens that are padding when {@code batches} are each padded to their longest. */
    public static double paddingRatio(int[] lengths, List<int[]> batches) {
        long real = 0;
        long padded = 0;
        for (int[] batch : batches) {
            int longest = 0;
            for (int index : batch) {
                real += lengths[index];
                longest = Math.max(longest, lengths[index]);
            }
            padded += (long) longest * batch.length;
        }
        return padded == 0 ? 0 : 1.0 - (double) real / padded;
    }
}
