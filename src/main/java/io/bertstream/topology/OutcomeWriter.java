package io.bertstream.topology;

import io.bertstream.logging.LogText;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Builds the records of a batch processor's outcomes and applies the outcomes: an output is serialized (and
 * measured) when its outcome is computed, so forwarding cannot fail on a registry; applying an outcome forwards its
 * records, then runs its store writes.
 */
final class OutcomeWriter {

    // dead letters are logged under the processor's name, as they were before this class was split from it
    private static final Logger LOG = LoggerFactory.getLogger(BufferedBatchProcessor.class);

    private final ProcessorContext<Object, Object> context;
    private final BatchStats stats;
    private final FlowMetrics flow;
    private final ProductionRejections rejections;
    private final TransientRetry retry;
    private final int maxRecordBytes;
    private final Supplier<String> deadLetterTopic;

    OutcomeWriter(ProcessorContext<Object, Object> context, BatchStats stats, FlowMetrics flow,
                  ProductionRejections rejections, TransientRetry retry, int maxRecordBytes,
                  Supplier<String> deadLetterTopic) {
        this.context = context;
        this.stats = stats;
        this.flow = flow;
        this.rejections = rejections;
        this.retry = retry;
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Forwards the outcome's records (outputs stamped with the entry's input), then writes its store changes. */
    void apply(Outcome outcome, DeadLetters.Source source) {
        long started = System.nanoTime();
        for (Outcome.Emission emission : outcome.emissions()) {
            if (emission.deadLetterCode() == null) {
                Provenance.stamp(emission.record().headers(), source);
            }
            emit(emission);
        }
        long forwarded = stats.recordStage(BatchStats.Stage.FORWARD, started);
        outcome.storeWrites().run();
        stats.recordStage(BatchStats.Stage.STORE, forwarded);
    }

    void emit(Outcome.Emission emission) {
        Record<byte[], byte[]> record = emission.record();
        if (emission.deadLetterCode() != null) {
            DeadLetters.Source source = Provenance.ofDeadLetter(record.headers());
            ProductionRejections.Refusal refused = source == null ? null : rejections.ofDeadLetter(source);
            if (refused != null) {
                // the dead-letter topic refused this very dead letter: its key and headers must still get through
                record = DeadLetters.withoutValue(record, refused.reason());
            }
        }
        context.forward(record, emission.sink());
        flow.emitted(emission.topic(), context.currentSystemTimeMs() - record.timestamp());
        if (emission.deadLetterCode() != null) {
            flow.deadLettered(emission.deadLetterCode());
        }
    }

    /**
     * An output record, serialized now (through the registry, with {@link TransientRetry}). Throws when it is
     * larger than a record may be, so the entry is dead-lettered instead of failing the transaction.
     */
    <V> Outcome.Emission output(String sink, String topic, String key, V value, Serializer<V> serializer,
                                long timestamp) {
        byte[] bytes = value == null ? null : retry.call("writing to " + topic, () -> serializer.serialize(topic, value));
        if (bytes != null && bytes.length > maxRecordBytes) {
            throw new IllegalStateException("the " + topic + " record would have " + bytes.length
                    + " bytes, more than the " + maxRecordBytes + " a record may have");
        }
        return new Outcome.Emission(sink, topic, new Record<>(key.getBytes(StandardCharsets.UTF_8), bytes, timestamp),
                null);
    }

    /** A dead letter of an input, from its bytes as read. */
    Outcome.Emission deadLetter(byte[] key, byte[] value, long timestamp, DeadLetters.Source source, String code,
                                String reason, Throwable error) {
        LOG.warn("Input at {} to the dead-letter topic ({}): {}", source, code, LogText.escape(reason));
        return new Outcome.Emission(EnrichmentTopology.DLQ_SINK, deadLetterTopic.get(),
                DeadLetters.record(key, value, timestamp, source, code, reason, error), code);
    }
}
