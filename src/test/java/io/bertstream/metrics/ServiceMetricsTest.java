package io.bertstream.metrics;

import io.bertstream.inference.InferenceStats;
import io.bertstream.topology.EnrichmentTopology;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceMetricsTest {

    @Test
    void paddingOfTheEncoderAndOfTheQaModelAreExported() {
        InferenceStats encoder = new InferenceStats();
        InferenceStats qa = new InferenceStats();
        encoder.recordCall(2, 30, 40, 0.01);
        qa.recordCall(4, 300, 400, 0.2);
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            metrics.bindEngines(encoder, Optional.of(qa), EnrichmentTopology.Stats.create());
            String text = metrics.scrape();
            assertTrue(text.contains("bertstream_inference_padding_ratio 0.25"), text);
            assertTrue(text.contains("bertstream_qa_padding_ratio 0.25"), text);
            assertTrue(text.contains("bertstream_qa_tokens_total{kind=\"padded\"} 400.0"), text);
            assertTrue(text.contains("bertstream_qa_windows_total 4.0"), text);
            assertTrue(text.contains("bertstream_batch_stage_seconds_total{batcher=\"articles\",stage=\"model\"}"),
                    text);
        }
    }

    @Test
    void withoutAQaModelThereAreNoQaMeters() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            metrics.bindEngines(new InferenceStats(), Optional.empty(), EnrichmentTopology.Stats.create());
            assertFalse(metrics.scrape().contains("bertstream_qa_"));
        }
    }
}
