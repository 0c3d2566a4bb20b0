package io.bertstream.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code bertstream.store.entries}: the approximate number of entries of a local state store (over this
 * instance's partitions), e.g. the questions waiting for their article. NaN while the store is not queryable.
 */
final class StoreGauges {

    private StoreGauges() {
    }

    static void bind(MeterRegistry registry, KafkaStreams streams, String store) {
        Gauge.builder("bertstream.store.entries", streams, s -> approximateEntries(s, store))
                .description("Approximate entries of a local state store (NaN while rebalancing)")
                .tag("store", store).register(registry);
    }

    private static double approximateEntries(KafkaStreams streams, String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
