package io.bertstream.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes inputs, buffers them in a changelogged key-value store until a batch is due, then hands the whole
 * batch to {@link #processBatch}. Because the buffer is a store, not a list, an input whose offset Kafka Streams
 * commits is never lost: under exactly_once_v2 the buffered entry, its deletion and the outputs of its batch are
 * all part of the task's transactions, so a crash re-runs from the last commit without loss or duplicates.
 *
 * <p>A batch is all-or-nothing per entry: {@link #processBatch} computes one {@link Outcome} per entry without
 * side effects, then each is applied (records forwarded, then store writes, then the entry deleted). A failure of
 * one entry is its own dead letter; a {@link TransientFailure} escapes before anything was applied, and the
 * processing exception handler (log and fail) aborts the transaction.
 *
 * <p>When a batch is due is the {@link BatchBuffer}'s to say (by sentences, tokens, or the wall clock: a
 * stream-time punctuator would never fire on a quiet topic); a flush is cut into {@link BudgetedSlices}; entries
 * that failed an earlier attempt are screened by {@link EarlierFailures}; outcomes go out through the
 * {@link OutcomeWriter}.
 *
 * @param <I> the input value
 * @param <P> the buffered entry
 */
public abstract class BufferedBatchProcessor<I, P> implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedBatchProcessor.class);
    /** At least the bytes of a buffer key, for measuring an entry's record before it is written. */
    protected static final int BUFFER_KEY_BYTES = 64;

    private final String storeName;
    private final TopologySettings.BatchLimits limits;
    private final BatchStats stats;
    private final FlowMetrics flow;
    private final Deserializer<I> deserializer;
    private final TransientRetry retry;
    private final int maxRecordBytes;
    private final ProductionRejections rejections;
    private final BudgetedSlices<P> slices;
    private final EarlierFailures<P> earlierFailures;

    protected ProcessorContext<Object, Object> context;
    private BatchBuffer<P> buffer;
    private OutcomeWriter writer;

    protected BufferedBatchProcessor(String storeName, TopologySettings settings, TopologySettings.BatchLimits limits,
                                     Deserializer<I> deserializer, BatchStats stats, FlowMetrics flow,
                                     ProductionRejections rejections, SlowInputs slow) {
        this.storeName = storeName;
        this.rejections = rejections;
        this.limits = limits;
        this.stats = stats;
        this.flow = flow;
        this.deserializer = deserializer;
        this.retry = new TransientRetry(settings.registryOutageMaxWait());
        this.maxRecordBytes = settings.maxRecordBytes();
        this.slices = new BudgetedSlices<>(limits, slow, this::sentencesOf, this::tokensOf);
        this.earlierFailures = new EarlierFailures<>(rejections, slow, this);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.writer = new OutcomeWriter(context, stats, flow, rejections, retry, maxRecordBytes, this::deadLetterTopic);
        this.buffer = new BatchBuffer<>(context.getStateStore(storeName), limits, this::sentencesOf, this::tokensOf,
                context::currentSystemTimeMs);
        buffer.recover();
        context.schedule(Duration.ofMillis(limits.checkEveryMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        DeadLetters.Source source = currentSource();
        flow.received(source.topic());
        I value;
        try {
            value = raw.value() == null ? null
                    : retry.call("reading " + source, () -> deserializer.deserialize(source.topic(), raw.headers(),
                    raw.value()));
        } catch (TransientFailure e) {
            throw e;
        } catch (RuntimeException e) {
            writer.emit(deadLetter(raw.key(), raw.value(), raw.timestamp(), source, "undecodable", e.toString(), e));
            return;
        }
        String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
        Input<I> input = new Input<>(key, value, raw.key(), raw.value(), raw.timestamp(), source);
        P entry;
        try {
            entry = toEntry(input);
        } catch (TransientFailure e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Cannot admit the input at {}", source, e);
            writer.emit(deadLetter(input, "processing-failure", "cannot process the input: " + e, e));
            return;
        }
        if (entry == null) {
            return;
        }
        String tooLarge = oversized(entry);
        if (tooLarge != null) {
            writer.emit(deadLetter(input, "input-too-large", tooLarge, null));
            return;
        }
        BatchStats.Trigger due = buffer.add(entry);
        if (due != null) {
            flush(due);
        }
    }

    private void onTick(long now) {
        BatchStats.Trigger due = buffer.dueAt(now);
        if (due != null) {
            flush(due);
        }
    }

    /**
     * Processes what is buffered now, in slices no larger than a batch (one entry at least), until the work has
     * overrun the budget of one transaction ({@link SlowInputs}): the rest stays buffered, due at the next tick,
     * after Kafka Streams could commit. Entries whose outcome is null stay for a later flush.
     */
    private void flush(BatchStats.Trigger trigger) {
        List<KeyValue<String, P>> entries = buffer.entries();
        if (entries.isEmpty()) {
            return;
        }
        long waited = buffer.waitedMs();
        int done = slices.process(entries, slice -> {
            stats.recordFlush(trigger, slice.size(), slice.stream().mapToInt(kv -> sentencesOf(kv.value)).sum(),
                    slice.stream().mapToInt(kv -> tokensOf(kv.value)).sum(), waited);
            List<Outcome> outcomes = outcomesUnlessRefused(storeName, slice, this::processBatch);
            for (int i = 0; i < slice.size(); i++) {
                if (outcomes.get(i) != null) {
                    apply(outcomes.get(i), slice.get(i).value);
                    buffer.delete(slice.get(i).key);
                }
            }
        });
        buffer.flushed(done < entries.size());
        if (limits.commitAfterFlush()) {
            context.commit();
        }
        afterFlush();
    }

    /** Whether the work begun at {@code startedNanos} has overrun the budget of one transaction. */
    protected final boolean overBudget(long startedNanos) {
        return slices.overBudget(startedNanos);
    }

    /** Called after each flush; the buffer may still hold entries (a flush that overran its budget). */
    protected void afterFlush() {
    }

    /** Whether nothing is buffered. */
    protected final boolean bufferIsEmpty() {
        return buffer.isEmpty();
    }

    /** The outcomes {@code compute} gives the entries, but for those an earlier attempt doomed ({@link EarlierFailures}). */
    protected final List<Outcome> outcomesUnlessRefused(String phase, List<KeyValue<String, P>> entries,
                                                        Function<List<KeyValue<String, P>>, List<Outcome>> compute) {
        return earlierFailures.outcomes(phase, entries, compute);
    }

    /** Forwards the outcome's records (outputs stamped with the entry's input), then writes its store changes. */
    protected final void apply(Outcome outcome, P entry) {
        writer.apply(outcome, sourceOf(entry));
    }

    /** An output record, serialized now: see {@link OutcomeWriter#output}. */
    protected final <V> Outcome.Emission output(String sink, String topic, String key, V value,
                                               Serializer<V> serializer, long timestamp) {
        return writer.output(sink, topic, key, value, serializer, timestamp);
    }

    /** A dead letter of the input, from its bytes as read. */
    protected final Outcome.Emission deadLetter(Input<I> input, String code, String reason, Throwable error) {
        return deadLetter(input.rawKey(), input.rawValue(), input.timestamp(), input.source(), code, reason, error);
    }

    /** A dead letter of a buffered input, from its bytes as read. */
    protected final Outcome.Emission deadLetter(byte[] key, byte[] value, long timestamp, DeadLetters.Source source,
                                                String code, String reason, Throwable error) {
        return writer.deadLetter(key, value, timestamp, source, code, reason, error);
    }

    /** Emits a dead letter at once, for an input that is never buffered. */
    protected final void reject(Input<I> input, String code, String reason) {
        writer.emit(deadLetter(input, code, reason, null));
    }

    /** Where the record being processed came from (unknown, as -1, outside of process()). */
    protected final DeadLetters.Source currentSource() {
        return context.recordMetadata()
                .map(m -> new DeadLetters.Source(m.topic(), m.partition(), m.offset()))
                .orElse(new DeadLetters.Source("", -1, -1));
    }

    /**
     * Why the entry cannot be buffered (a record of its store, or of any store it moves to, would be larger than a
     * changelog record may be), or null when it can.
     */
    protected abstract String oversized(P entry);

    /** Where a buffered entry's input came from. */
    protected abstract DeadLetters.Source sourceOf(P entry);

    /** A dead letter of a buffered entry's input, from its bytes as read. */
    protected abstract Outcome.Emission deadLetterOf(P entry, String code, String reason);

    /** Why a topic refused the state this entry's outcome would store; none unless a subclass stores state. */
    protected ProductionRejections.Refusal refusedState(P entry) {
        return null;
    }

    /** The name of the dead-letter topic. */
    protected abstract String deadLetterTopic();

    /** Where this processor's statistics go. */
    protected final BatchStats stats() {
        return stats;
    }

    /** The entry to buffer for this input, or null when the input was fully handled (e.g. rejected). */
    protected abstract P toEntry(Input<I> input);

    protected abstract int sentencesOf(P entry);

    protected abstract int tokensOf(P entry);

    /**
     * Computes, without forwarding or writing anything, the outcome of each entry of a batch (in arrival order),
     * or null for an entry that stays buffered.
     */
    protected abstract List<Outcome> processBatch(List<KeyValue<String, P>> entries);
}
