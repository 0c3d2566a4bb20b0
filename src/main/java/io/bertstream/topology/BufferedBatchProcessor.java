package io.bertstream.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.bertstream.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Entries are keyed by a zero-padded sequence number, so the store iterates them in arrival order.
 * A batch is due at {@code maxSentences} sentences, at {@code maxTokens} tokens, or when the oldest new entry has
 * waited {@code maxWait} by the wall clock (a stream-time punctuator would never fire on a quiet topic).
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
    protected final TransientRetry retry;
    private final int maxRecordBytes;
    private final ProductionRejections rejections;
    private final SlowInputs slow;

    protected ProcessorContext<Object, Object> context;
    private KeyValueStore<String, P> buffer;
    private long nextSequence;
    private int bufferedSentences;
    private int bufferedTokens;
    private long oldestFreshAt = -1;
    private long newestAt = -1;

    protected BufferedBatchProcessor(String storeName, TopologySettings settings, TopologySettings.BatchLimits limits,
                                     Deserializer<I> deserializer, BatchStats stats, FlowMetrics flow,
                                     ProductionRejections rejections, SlowInputs slow) {
        this.storeName = storeName;
        this.rejections = rejections;
        this.slow = slow;
        this.limits = limits;
        this.stats = stats;
        this.flow = flow;
        this.deserializer = deserializer;
        this.retry = new TransientRetry(settings.registryOutageMaxWait());
        this.maxRecordBytes = settings.maxRecordBytes();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        recover();
        context.schedule(Duration.ofMillis(limits.checkEveryMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    /** After a restart (or a task move) the buffer holds what was committed: count it and carry on. */
    private void recover() {
        try (KeyValueIterator<String, P> last = buffer.reverseAll()) {
            if (last.hasNext()) {
                nextSequence = Long.parseLong(last.next().key, 16) + 1;
                // what was buffered before the restart is due a wait from now, not from before the crash
                oldestFreshAt = context.currentSystemTimeMs();
                newestAt = oldestFreshAt;
            } else {
                nextSequence = 0;
            }
        }
        recount();
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
            emit(deadLetter(raw.key(), raw.value(), raw.timestamp(), source, "undecodable", e.toString(), e));
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
            emit(deadLetter(input, "processing-failure", "cannot process the input: " + e, e));
            return;
        }
        if (entry == null) {
            return;
        }
        String tooLarge = oversized(entry);
        if (tooLarge != null) {
            emit(deadLetter(input, "input-too-large", tooLarge, null));
            return;
        }
        buffer.put(String.format("%016x", nextSequence++), entry);
        bufferedSentences += sentencesOf(entry);
        bufferedTokens += tokensOf(entry);
        newestAt = context.currentSystemTimeMs();
        if (oldestFreshAt < 0) {
            oldestFreshAt = newestAt;
        }
        if (bufferedSentences >= limits.maxSentences()) {
            flush(BatchStats.Trigger.SENTENCES);
        } else if (bufferedTokens >= limits.maxTokens()) {
            flush(BatchStats.Trigger.TOKENS);
        }
    }

    private void onTick(long now) {
        if (oldestFreshAt < 0) {
            return;
        }
        if (now - oldestFreshAt >= limits.maxWait().toMillis()) {
            flush(BatchStats.Trigger.TIME);
        } else if (!limits.idle().isZero() && now - newestAt >= limits.idle().toMillis()) {
            flush(BatchStats.Trigger.IDLE);
        }
    }

    /**
     * Processes what is buffered now, in slices no larger than a batch (one entry at least), until the work has
     * overrun the budget of one transaction ({@link SlowInputs}): the rest stays buffered, due at the next tick,
     * after Kafka Streams could commit. Entries whose outcome is null stay for a later flush.
     */
    private void flush(BatchStats.Trigger trigger) {
        List<KeyValue<String, P>> entries = new ArrayList<>();
        try (KeyValueIterator<String, P> all = buffer.all()) {
            all.forEachRemaining(entries::add);
        }
        if (entries.isEmpty()) {
            return;
        }
        long waited = oldestFreshAt < 0 ? 0 : context.currentSystemTimeMs() - oldestFreshAt;
        long started = System.nanoTime();
        int done = 0;
        while (done < entries.size() && (done == 0 || !overBudget(started))) {
            List<KeyValue<String, P>> slice = entries.subList(done, sliceEnd(entries, done));
            stats.recordFlush(trigger, slice.size(), slice.stream().mapToInt(kv -> sentencesOf(kv.value)).sum(),
                    slice.stream().mapToInt(kv -> tokensOf(kv.value)).sum(), waited);
            List<Outcome> outcomes = outcomesUnlessRefused(storeName, slice, this::processBatch);
            for (int i = 0; i < slice.size(); i++) {
                if (outcomes.get(i) != null) {
                    apply(outcomes.get(i), slice.get(i).value);
                    buffer.delete(slice.get(i).key);
                }
            }
            done += slice.size();
        }
        recount();
        // what is left is due at the next tick, not after another wait
        oldestFreshAt = done < entries.size() ? context.currentSystemTimeMs() - limits.maxWait().toMillis() : -1;
        if (limits.commitAfterFlush()) {
            context.commit();
        }
        afterFlush();
    }

    /** The end of the slice that starts at {@code from}: entries are added while it is under both batch limits. */
    private int sliceEnd(List<KeyValue<String, P>> entries, int from) {
        int end = from;
        long sentences = 0;
        long tokens = 0;
        while (end < entries.size() && sentences < limits.maxSentences() && tokens < limits.maxTokens()) {
            sentences += sentencesOf(entries.get(end).value);
            tokens += tokensOf(entries.get(end).value);
            end++;
        }
        return end;
    }

    /** Whether the work begun at {@code startedNanos} has overrun the budget of one transaction. */
    protected final boolean overBudget(long startedNanos) {
        return System.nanoTime() - startedNanos > slow.budget().toNanos();
    }

    /** Called after each flush; the buffer may still hold entries (a flush that overran its budget). */
    protected void afterFlush() {
    }

    /** Whether nothing is buffered. */
    protected final boolean bufferIsEmpty() {
        try (KeyValueIterator<String, P> all = buffer.all()) {
            return !all.hasNext();
        }
    }

    private void recount() {
        bufferedSentences = 0;
        bufferedTokens = 0;
        try (KeyValueIterator<String, P> all = buffer.all()) {
            all.forEachRemaining(kv -> {
                bufferedSentences += sentencesOf(kv.value);
                bufferedTokens += tokensOf(kv.value);
            });
        }
    }

    /**
     * The outcomes {@code compute} gives the entries, except for entries whose output (or stored state) a topic
     * refused in an earlier attempt: those are dead letters now, with the refusal as the reason, and are not
     * computed again (see {@link ProductionRejections}); so are entries whose work in this {@code phase} (the store
     * they leave) alone overran the budget of a transaction before ({@link SlowInputs}).
     */
    protected final List<Outcome> outcomesUnlessRefused(String phase, List<KeyValue<String, P>> entries,
                                                        Function<List<KeyValue<String, P>>, List<Outcome>> compute) {
        Outcome[] outcomes = new Outcome[entries.size()];
        List<KeyValue<String, P>> rest = new ArrayList<>(entries.size());
        List<Integer> restAt = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            P entry = entries.get(i).value;
            ProductionRejections.Refusal refused = rejections.ofInput(sourceOf(entry));
            if (refused == null) {
                refused = refusedState(entry);
            }
            if (refused != null) {
                outcomes[i] = Outcome.of(deadLetterOf(entry, refused.code(), refused.reason()));
            } else if (slow.tooSlow(phase, sourceOf(entry))) {
                outcomes[i] = Outcome.of(deadLetterOf(entry, "too-slow", slow.reason()));
            } else {
                rest.add(entries.get(i));
                restAt.add(i);
            }
        }
        List<Outcome> computed = rest.isEmpty() ? List.of()
                : slow.compute(phase, rest, kv -> sourceOf(kv.value), compute);
        for (int j = 0; j < rest.size(); j++) {
            outcomes[restAt.get(j)] = computed.get(j);
        }
        return Arrays.asList(outcomes);
    }



    /** Forwards the outcome's records (outputs stamped with the entry's input), then writes its store changes. */
    protected final void apply(Outcome outcome, P entry) {
        long started = System.nanoTime();
        DeadLetters.Source source = sourceOf(entry);
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

    private void emit(Outcome.Emission emission) {
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
    protected final <V> Outcome.Emission output(String sink, String topic, String key, V value,
                                               Serializer<V> serializer, long timestamp) {
        byte[] bytes = value == null ? null : retry.call("writing to " + topic, () -> serializer.serialize(topic, value));
        if (bytes != null && bytes.length > maxRecordBytes) {
            throw new IllegalStateException("the " + topic + " record would have " + bytes.length
                    + " bytes, more than the " + maxRecordBytes + " a record may have");
        }
        return new Outcome.Emission(sink, topic, new Record<>(key.getBytes(StandardCharsets.UTF_8), bytes, timestamp),
                null);
    }

    /** A dead letter of the input, from its bytes as read. */
    protected final Outcome.Emission deadLetter(Input<I> input, String code, String reason, Throwable error) {
        return deadLetter(input.rawKey(), input.rawValue(), input.timestamp(), input.source(), code, reason, error);
    }

    /** A dead letter of a buffered input, from its bytes as read. */
    protected final Outcome.Emission deadLetter(byte[] key, byte[] value, long timestamp, DeadLetters.Source source,
                                                String code, String reason, Throwable error) {
        LOG.warn("Input at {} to the dead-letter topic ({}): {}", source, code, LogText.escape(reason));
        return new Outcome.Emission(EnrichmentTopology.DLQ_SINK, deadLetterTopic(),
                DeadLetters.record(key, value, timestamp, source, code, reason, error), code);
    }

    /** Emits a dead letter at once, for an input that is never buffered. */
    protected final void reject(Input<I> input, String code, String reason) {
        emit(deadLetter(input, code, reason, null));
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
