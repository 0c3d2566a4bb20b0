package io.bertstream.metrics;

import io.bertstream.topology.FlowMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The topology's flow as Micrometer meters: {@code bertstream.events.in} and {@code bertstream.events.out}
 * counters by topic, {@code bertstream.dead.letters} by reason code, and the {@code bertstream.end.to.end.latency}
 * timer by output topic (input event timestamp to output). The registry caches meters by name and tags, so a
 * look-up per record costs a map access.
 */
final class MicrometerFlowMetrics implements FlowMetrics {

    /** Histogram buckets of the end-to-end latency: batching adds ~100 ms, a model call up to seconds. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    MicrometerFlowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void received(String topic) {
        Counter.builder("bertstream.events.in").description("Records read by the topology, by input topic")
                .tag("topic", topic).register(registry).increment();
    }

    @Override
    public void emitted(String topic, long latencyMs) {
        Counter.builder("bertstream.events.out").description("Records written by the topology, by output topic")
                .tag("topic", topic).register(registry).increment();
        Timer.builder("bertstream.end.to.end.latency")
                .description("From the input event's timestamp to its output, by output topic")
                .tag("topic", topic)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void deadLettered(String reasonCode) {
        Counter.builder("bertstream.dead.letters").description("Records sent to the dead-letter topic, by reason code")
                .tag("reason", reasonCode == null ? "unknown" : reasonCode).register(registry).increment();
    }
}
