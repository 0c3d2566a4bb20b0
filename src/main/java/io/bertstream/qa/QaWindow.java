package io.bertstream.qa;

/**
 * One model input built from a question and a slice {@code [contextFrom, contextTo)} of its context tokens,
 * which sit at {@code contextOffset} in {@code inputIds}.
 */
record QaWindow(int inputIndex, long[] inputIds, long[] typeIds, int contextOffset, int contextFrom, int contextTo,
                boolean clsScoreable, ContextTokens context) {

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

    /** The answer characters of window tokens {@code first..last}, both context tokens. */
    TextSpan charSpan(int first, int last, boolean alignToWords) {
        int shift = contextFrom - contextOffset;
        return context.charSpan(first + shift, last + shift, contextFrom, contextTo, alignToWords);
    }
}
