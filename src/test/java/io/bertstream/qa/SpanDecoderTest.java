package io.bertstream.qa;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpanDecoderTest {

    /** log(2) as a float logit is only that precise. */
    private static final double FLOAT_TOLERANCE = 1e-7;

    @Test
    void uniformLogitsGiveEveryAllowedSpanTheSameScoreInPositionOrder() {
        float[] zeros = new float[4];
        boolean[] scoreable = {true, true, true, true};

        SpanDecoder.Decoded decoded = SpanDecoder.decode(zeros, zeros, scoreable, 10, 2);

        // position 0 ([CLS]) never starts a span; spans are at most 2 tokens long
        double p = 1.0 / 16;
        assertEquals(List.of(new TokenSpan(1, 1, p), new TokenSpan(1, 2, p), new TokenSpan(2, 2, p),
                new TokenSpan(2, 3, p), new TokenSpan(3, 3, p)), decoded.spans());
        assertEquals(p, decoded.nullScore(), 1e-15);
    }

    @Test
    void maskedPositionsAndBatchPaddingTakeNoPart() {
        // position 2 is a question token, positions 4-5 are batch padding with huge logits
        float[] start = {0f, 0f, 50f, (float) Math.log(2), 90f, 90f};
        float[] end = {0f, 0f, 50f, 0f, 90f, 90f};
        boolean[] scoreable = {true, true, false, true};

        SpanDecoder.Decoded decoded = SpanDecoder.decode(start, end, scoreable, 2, 15);

        // start softmax over {0, 1, 3}: 1/4, 1/4, 2/4; end: 1/3 each
        assertSpan(3, 3, 0.5 / 3, decoded.spans().get(0));
        assertSpan(1, 1, 0.25 / 3, decoded.spans().get(1));
        assertEquals(2, decoded.spans().size());
        assertEquals(0.25 / 3, decoded.nullScore(), FLOAT_TOLERANCE);
    }

    private static void assertSpan(int first, int last, double score, TokenSpan actual) {
        assertEquals(first, actual.first());
        assertEquals(last, actual.last());
        assertEquals(score, actual.score(), FLOAT_TOLERANCE);
    }
}
