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
     * Indices sorted by length (stable: equal lengths keep their order), cut so that each batch has at most
     * {@code maxItems} inputs and at most {@code maxTokens} padded tokens (an input longer than the budget still
     * forms its own batch).
     */
    public static List<int[]> cut(int[] lengths, int maxItems, int maxTokens) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int index : order) {
            // sorted ascending, so this input is the longest of the batch so far
            long paddedIfAdded = (long) (current.size() + 1) * lengths[index];
            if (!current.isEmpty() && (current.size() >= maxItems || paddedIfAdded > maxTokens)) {
                batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            current.add(index);
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
