package io.bertstream.app;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each store restore (records, seconds) and keeps the instance's totals: how long restoring from the
 * changelogs took, which the bench reports as restore throughput. Called by Kafka Streams' restore thread.
 */
public final class RestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private long firstStartNanos = -1;
    private long lastEndNanos = -1;
    private long records;
    private final java.util.Map<String, Long> startedAt = new java.util.HashMap<>();

    /** Records restored, and seconds from the first restore's start to the last one's end, so far. */
    public record Totals(long records, double seconds) {
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startingOffset,
                                            long endingOffset) {
        long now = System.nanoTime();
        if (firstStartNanos < 0) {
            firstStartNanos = now;
        }
        startedAt.put(partition.toString(), now);
        LOG.info("Restoring {} from {} (offsets {} to {})", store, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        long now = System.nanoTime();
        lastEndNanos = now;
        records += totalRestored;
        Long started = startedAt.remove(partition.toString());
        LOG.info("Restored {} from {}: {} records in {} s", store, partition, totalRestored,
                started == null ? "?" : String.format("%.1f", (now - started) / 1e9));
    }

    public synchronized Totals totals() {
        return new Totals(records, firstStartNanos < 0 || lastEndNanos < 0 ? 0 : (lastEndNanos - firstStartNanos) / 1e9);
    }
}
