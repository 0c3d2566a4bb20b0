package io.bertstream.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;

import java.util.Map;
import java.util.TreeMap;

/**
 * The few figures the web page shows live, read from the service's own registry (the meters {@code /metrics}
 * serves): cumulative counts, so the page computes rates from two readings. Counts of events in and out by topic,
 * dead letters by reason, batches and their items and sentences by batcher, and the main consumer's lag summed
 * over its input partitions.
 */
final class LiveFigures {

    /** Micrometer's name for Kafka's {@code records-lag} of the consumer fetch manager (per topic partition). */
    static final String CONSUMER_LAG = "kafka.consumer.fetch.manager.records.lag";

    private LiveFigures() {
    }

    static ObjectNode read(MeterRegistry registry) {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("at", System.currentTimeMillis());
        figures.set("eventsIn", byTag(registry, "bertstream.events.in", "topic"));
        figures.set("eventsOut", byTag(registry, "bertstream.events.out", "topic"));
        figures.set("deadLetters", byTag(registry, "bertstream.dead.letters", "reason"));
        ObjectNode batches = figures.putObject("batches");
        for (String batcher : new String[]{"articles", "questions"}) {
            batches.putObject(batcher)
                    .put("flushes", sum(registry, "bertstream.batch.flushes", batcher))
                    .put("items", sum(registry, "bertstream.batch.items", batcher))
                    .put("sentences", sum(registry, "bertstream.batch.sentences", batcher));
        }
        figures.put("consumerLag", consumerLag(registry));
        return figures;
    }

    private static ObjectNode byTag(MeterRegistry registry, String name, String tag) {
        Map<String, Double> totals = new TreeMap<>();
        for (Meter meter : registry.find(name).meters()) {
            String value = meter.getId().getTag(tag);
            totals.merge(value == null ? "unknown" : value, count(meter), Double::sum);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        totals.forEach(node::put);
        return node;
    }

    private static double sum(MeterRegistry registry, String name, String batcher) {
        return registry.find(name).tag("batcher", batcher).meters().stream().mapToDouble(LiveFigures::count).sum();
    }

    /**
     * Records behind the log end on the partitions the stream threads consume (restore consumers left out); 0
     * before the first fetch. Kafka reports NaN for a partition it has not fetched yet: those count as 0.
     */
    private static double consumerLag(MeterRegistry registry) {
        double lag = 0;
        for (Meter meter : registry.find(CONSUMER_LAG).meters()) {
            String client = meter.getId().getTag("client.id");
            if (meter.getId().getTag("partition") != null && (client == null || !client.contains("restore"))) {
                double value = count(meter);
                lag += Double.isFinite(value) && value > 0 ? value : 0;
            }
        }
        return lag;
    }

    /** A counter's count or a gauge's value: the meter's first measurement. */
    private static double count(Meter meter) {
        for (Measurement measurement : meter.measure()) {
            return measurement.getValue();
        }
        return 0;
    }
}
