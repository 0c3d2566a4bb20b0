package io.bertstream.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.inference.InferenceStats;
import io.bertstream.topology.EnrichmentTopology;
import io.bertstream.topology.FlowMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The service's metrics, in one Prometheus registry served by {@code GET /metrics}: JVM (memory, GC, threads,
 * class loading, processor, uptime), Kafka Streams' own metrics, and ours (flow, batches, inference, stores).
 * One per service instance, so two instances in one JVM do not mix their counts.
 */
public final class ServiceMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();

    public ServiceMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
    }

    /** What the topology reports as records flow through it. */
    public FlowMetrics flow() {
        return new MicrometerFlowMetrics(registry);
    }

    /** The engines' statistics: the sentence encoder's, the QA model's (when there is one), both batchers'. */
    public void bindEngines(InferenceStats inference, Optional<InferenceStats> qa, EnrichmentTopology.Stats batches) {
        EngineMeters.bindInference(registry, inference);
        qa.ifPresent(stats -> EngineMeters.bindQa(registry, stats));
        EngineMeters.bindBatches(registry, "articles", batches.articles());
        EngineMeters.bindBatches(registry, "questions", batches.questions());
    }

    /** Kafka Streams' own metrics (consumer, producer, threads, tasks, stores) and our stores' sizes. */
    public void bindStreams(KafkaStreams streams) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        binders.add(kafka);
        StoreGauges.bind(registry, streams, EnrichmentTopology.PENDING_QUESTIONS_STORE);
        StoreGauges.bind(registry, streams, EnrichmentTopology.PENDING_ARTICLES_STORE);
        StoreGauges.bind(registry, streams, EnrichmentTopology.ARTICLES_STORE);
    }

    /** The open transactions of crashed instances this one fenced (see {@code kafka.AbandonedTransactions}). */
    public <T> void bindFencedTransactions(T source, ToLongFunction<T> fenced) {
        // Micrometer holds source weakly: it must be an object the service keeps, not a fresh method reference
        FunctionCounter.builder("bertstream.transactions.abandoned.fenced", source, s -> fenced.applyAsLong(s))
                .description("open transactions of instances gone from the group, fenced so their partitions move on")
                .register(registry);
    }

    /** The figures the web page shows live (see {@link LiveFigures}), as JSON. */
    public ObjectNode liveFigures() {
        return LiveFigures.read(registry);
    }

    /** Every meter in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // closing a binder only stops its background refresh; nothing to recover
            }
        }
        registry.close();
    }
}
