package io.bertstream.bench;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActivationRangesTest {

    @Test
    void keepsTheLargestMagnitudePerChannelOverRealTokensOnly() {
        ActivationRanges ranges = new ActivationRanges();
        // 3 tokens x 2 channels, the last token padding (its values must not count)
        ranges.add("x", FloatBuffer.wrap(new float[]{0.5f, -2f, -3f, 1f, 100f, -100f}), 3, 2, 2);
        ranges.add("x", FloatBuffer.wrap(new float[]{1f, 1.5f}), 1, 2, 1);
        assertArrayEquals(new float[]{3f, 2f}, ranges.maxima().get("x"));
    }

    @Test
    void writesOneLinePerOutput() {
        ActivationRanges ranges = new ActivationRanges();
        ranges.add("a", FloatBuffer.wrap(new float[]{1f, -2f}), 1, 2, 1);
        ranges.add("b", FloatBuffer.wrap(new float[]{4f}), 1, 1, 1);
        assertEquals("a\t1.0\t2.0\nb\t4.0\n", ranges.toTsv());
    }

    @Test
    void refusesAChangeOfWidth() {
        ActivationRanges ranges = new ActivationRanges();
        ranges.add("a", FloatBuffer.wrap(new float[]{1f, 2f}), 1, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> ranges.add("a", FloatBuffer.wrap(new float[]{1f}), 1, 1, 1));
    }
}
