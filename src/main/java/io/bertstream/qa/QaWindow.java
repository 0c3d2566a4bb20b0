package io.bertstream.qa;

/**
 * One model input built from a question and a slice {@code [contextFrom, contextTo)} of its context tokens,
 * which sit at {@code contextOffset} in {@code inputIds}; the context is the part of a longer text that starts at
 * character {@code charShift}.
 */
record QaWindow(int inputIndex, long[] inputIds, long[] typeIds, int contextOffset, int contextFrom, int contextTo,
                boolean clsScoreable, ContextTokens context, int charShift) {

    int length() {
        return inputIds.length;
    }

    /**
     * Positions whose logits enter the softmax: the context tokens, plus position 0 when it is [CLS]
     * (Hugging Face keeps [CLS] unmasked so it can score the impossible answer).
     */
    boolean[] scoreable() {
        boolean[] scoreable = new boolean[inputIds.length];
        for (int i = contextOffset; i < contextOffset + contextTo - contextFrom; i++) {
            scoreable[i] = true;
        }
        scoreable[0] |= clsScoreable;
        return scoreable;
    }

    /** The answer characters (offsets into the whole text) of window tokens {@code first..last}, both context tokens. */
    TextSpan charSpan(int first, int last, boolean alignToWords) {
        int shift = contextFrom - contextOffset;
        TextSpan local = context.charSpan(first + shift, last + shift, contextFrom, contextTo, alignToWords);
        return new TextSpan(local.start() + charShift, local.end() + charShift);
    }

    /** Whether any context token of the window covers a character of {@code [from, to)} of the whole text. */
    boolean overlapsChars(int from, int to) {
        for (int t = contextFrom; t < contextTo; t++) {
            if (context.charStarts()[t] + charShift < to && context.charEnds()[t] + charShift > from) {
                return true;
            }
        }
        return false;
    }

    /**
     * The window positions of the first and last context token covering the characters {@code [from, to)} of the
     * whole text, or null when the window does not hold all of them.
     */
    int[] tokenRange(int from, int to) {
        int first = -1;
        int last = -1;
        for (int t = contextFrom; t < contextTo; t++) {
            int tokenStart = context.charStarts()[t] + charShift;
            int tokenEnd = context.charEnds()[t] + charShift;
            if (first < 0 && tokenEnd > from) {
                first = t;
            }
            if (tokenStart < to) {
                last = t;
            }
        }
        boolean covered = first >= 0 && last >= first
                && context.charStarts()[first] + charShift <= from && context.charEnds()[last] + charShift >= to;
        if (!covered) {
            return null;
        }
        int shift = contextOffset - contextFrom;
        return new int[] {first + shift, last + shift};
    }
}
