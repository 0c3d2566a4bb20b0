package io.bertstream.summarize;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.SummaryOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryOptionRangesTest {

    @Test
    void optionsInRangeOrUnsetPass() {
        assertNull(SummaryOptionRanges.violations(null));
        assertNull(SummaryOptionRanges.violations(SummaryOptions.newBuilder().build()));
        assertNull(SummaryOptionRanges.violations(SummaryOptions.newBuilder().setNumSentences(1).setRatio(1.0)
                .setMinLength(0).setMaxLength(1_000_000).setKMax(1_000).setAlgorithm("GMM").setOptimalK(true)
                .setUseFirst(false).setRandomState(-1L).build()));
    }

    @Test
    void everyViolationIsNamedWithItsRange() {
        assertEquals("numSentences 3000 is not in [1, 1000]; ratio 0.0 is not in (0, 1]; minLength -1 is not in "
                + "[0, 1000000]; maxLength 0 is not in [1, 1000000]; kMax 1000000 is not in [1, 1000]; algorithm "
                + "'dbscan' is not kmeans or gmm", SummaryOptionRanges.violations(SummaryOptions.newBuilder()
                .setNumSentences(3_000).setRatio(0.0).setMinLength(-1).setMaxLength(0).setKMax(1_000_000)
                .setAlgorithm("dbscan").build()));
        assertEquals("ratio NaN is not in (0, 1]",
                SummaryOptionRanges.violations(SummaryOptions.newBuilder().setRatio(Double.NaN).build()));
        assertEquals("numSentences 0 is not in [1, 1000]",
                SummaryOptionRanges.violations(SummaryOptions.newBuilder().setNumSentences(0).build()));
        String longName = SummaryOptionRanges.violations(SummaryOptions.newBuilder().setAlgorithm("x".repeat(10_000))
                .build());
        assertTrue(longName.length() < 100, "a hostile value is not echoed whole: " + longName.length());
    }

    @Test
    void defaultsOutOfRangeStopTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                SummaryOptionsMapping.defaultsFrom(BertstreamConfig.of(Map.of("summary.k.max", "5000"))));
        assertEquals("summary.* defaults out of range: kMax 5000 is not in [1, 1000]", e.getMessage());
    }
}
