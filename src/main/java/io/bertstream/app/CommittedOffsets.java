package io.bertstream.app;

import io.bertstream.kafka.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The offsets the application's consumer group has committed, read from the broker: they move only when a
 * transaction commits, so they tell real progress from work that was forwarded and then aborted.
 */
final class CommittedOffsets implements Supplier<Optional<Map<String, Long>>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsets.class);

    private final String groupId;
    private final KafkaConnection kafka;
    private Admin admin;

    CommittedOffsets(String groupId, KafkaConnection kafka) {
        this.groupId = groupId;
        this.kafka = kafka;
    }

    /** The committed offsets by partition, or empty when the broker cannot tell now. */
    @Override
    public synchronized Optional<Map<String, Long>> get() {
        try {
            if (admin == null) {
                admin = Admin.create(kafka.admin());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Long> byPartition = new TreeMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    byPartition.put(partition.toString(), offset.offset());
                }
            });
            return Optional.of(byPartition);
        } catch (Exception e) {
            LOG.warn("Cannot read the committed offsets of {}: {}", groupId, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
