package io.bertstream.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The offsets the application's consumer group has committed, read from the broker: they move only when a
 * transaction commits, so they tell real progress from work that was forwarded and then aborted.
 */
final class CommittedOffsets implements Supplier<Optional<Map<String, Long>>> {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsets.class);

    private final String groupId;
    private final Admin admin;

    /** Reads with {@code admin}, which its owner closes. */
    CommittedOffsets(String groupId, Admin admin) {
        this.groupId = groupId;
        this.admin = admin;
    }

    /** The committed offsets by partition, or empty when the broker cannot tell now. */
    @Override
    public Optional<Map<String, Long>> get() {
        return of(OptionalInt.empty());
    }

    /**
     * The committed offsets of the input partitions numbered {@code partition} (the partitions of one task: the
     * inputs are co-partitioned), or of all partitions when none is given; empty when the broker cannot tell now.
     */
    public Optional<Map<String, Long>> of(OptionalInt partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Long> byPartition = new TreeMap<>();
            offsets.forEach((topicPartition, offset) -> {
                if (offset != null && (partition.isEmpty() || partition.getAsInt() == topicPartition.partition())) {
                    byPartition.put(topicPartition.toString(), offset.offset());
                }
            });
            return Optional.of(byPartition);
        } catch (Exception e) {
            LOG.warn("Cannot read the committed offsets of {}: {}", groupId, e.toString());
            return Optional.empty();
        }
    }
}
