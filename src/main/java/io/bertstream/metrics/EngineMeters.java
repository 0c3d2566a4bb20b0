package io.bertstream.metrics;

import io.bertstream.inference.InferenceStats;
import io.bertstream.topology.BatchStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.ToDoubleFunction;

/**
 * Micrometer views over the plain statistics the engines keep ({@link InferenceStats}, {@link BatchStats}):
 * function counters and gauges read at scrape time, so the engines stay free of Micrometer.
 */
final class EngineMeters {

    private EngineMeters() {
    }

    /** The sentence encoder: calls, sentences, tokens, time, padding. */
    static void bindInference(MeterRegistry registry, InferenceStats stats) {
        bindModel(registry, "bertstream.inference", "the sentence encoder", stats);
        counter(registry, "bertstream.inference.sentences", "Sentences embedded", Tags.empty(),
                stats, InferenceStats::sentences);
        counter(registry, "bertstream.inference.truncated.sentences", "Sentences cut to model.max.tokens",
                Tags.empty(), stats, InferenceStats::truncatedSentences);
    }

    /** The span QA model: calls, windows, tokens, time, padding. */
    static void bindQa(MeterRegistry registry, InferenceStats stats) {
        bindModel(registry, "bertstream.qa", "the QA model", stats);
        counter(registry, "bertstream.qa.windows", "Question windows run through the QA model", Tags.empty(),
                stats, InferenceStats::sentences);
    }

    private static void bindModel(MeterRegistry registry, String prefix, String model, InferenceStats stats) {
        counter(registry, prefix + ".calls", "Model calls of " + model, Tags.empty(), stats, InferenceStats::calls);
        String tokens = "Tokens computed by " + model + ": real ones, and padded (real + padding)";
        counter(registry, prefix + ".tokens", tokens, Tags.of("kind", "real"), stats, InferenceStats::realTokens);
        counter(registry, prefix + ".tokens", tokens, Tags.of("kind", "padded"), stats,
                InferenceStats::paddedTokens);
        FunctionCounter.builder(prefix + ".duration", stats, InferenceStats::inferenceSeconds)
                .description("Time spent in model calls of " + model + " (divide by the calls for the mean)")
                .baseUnit("seconds").register(registry);
        Gauge.builder(prefix + ".padding.ratio", stats, InferenceStats::paddingRatio)
                .description("Share of the tokens computed by " + model + " that were padding, since start")
                .register(registry);
    }

    /** A batching processor ({@code batcher} = articles or questions): flushes by trigger and batch sizes. */
    static void bindBatches(MeterRegistry registry, String batcher, BatchStats stats) {
        Tags tags = Tags.of("batcher", batcher);
        for (BatchStats.Trigger trigger : BatchStats.Trigger.values()) {
            counter(registry, "bertstream.batch.flushes", "Batches flushed, by trigger",
                    tags.and("trigger", trigger.name().toLowerCase()), stats, s -> s.flushes(trigger));
        }
        counter(registry, "bertstream.batch.items", "Entries in flushed batches", tags, stats, BatchStats::items);
        counter(registry, "bertstream.batch.sentences", "Sentences in flushed batches", tags, stats,
                BatchStats::sentences);
        counter(registry, "bertstream.batch.tokens", "Tokens in flushed batches", tags, stats, BatchStats::tokens);
        FunctionCounter.builder("bertstream.batch.queue.wait", stats, s -> s.queueWaitMs() / 1000.0)
                .description("Sum over flushes of how long the oldest entry of the batch had waited")
                .tags(tags).baseUnit("seconds").register(registry);
        for (BatchStats.Stage stage : BatchStats.Stage.values()) {
            FunctionCounter.builder("bertstream.batch.stage", stats, s -> s.stageSeconds(stage))
                    .description("Time the batcher spent in each stage of its batches")
                    .tags(tags.and("stage", stage.name().toLowerCase())).baseUnit("seconds").register(registry);
        }
    }

    private static <T> void counter(MeterRegistry registry, String name, String description, Tags tags, T stats,
                                    ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, stats, value).description(description).tags(tags).register(registry);
    }
}
