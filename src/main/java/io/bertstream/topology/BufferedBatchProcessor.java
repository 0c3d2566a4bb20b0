package io.bertstream.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Buffers inputs in a changelogged key-value store until a batch is due, then hands the whole batch to
 * {@link #processBatch}. Because the buffer is a store, not a list, an input whose offset Kafka Streams commits
 * is never lost: under exactly_once_v2 the buffered entry, its deletion and the outputs of its batch are all
 * part of the task's transactions, so a crash re-runs from the last commit without loss or duplicates.
 *
 * <p>Entries are keyed by a zero-padded sequence number, so the store iterates them in arrival order.
 * A batch is due at {@code maxSentences} sentences, at {@code maxTokens} tokens, or when the oldest new entry has
 * waited {@code maxWait} by the wall clock (a stream-time punctuator would never fire on a quiet topic).
 *
 * @param <I> the input value
 * @param <P> the buffered entry
 */
public abstract class BufferedBatchProcessor<I, P> implements Processor<String, I, Object, Object> {

    private final String storeName;
    private final TopologySettings.BatchLimits limits;
    private final BatchStats stats;
    private final FlowMetrics flow;

    protected ProcessorContext<Object, Object> context;
    private KeyValueStore<String, P> buffer;
    private long nextSequence;
    private int bufferedSentences;
    private int bufferedTokens;
    private long oldestFreshAt = -1;

    protected BufferedBatchProcessor(String storeName, TopologySettings.BatchLimits limits, BatchStats stats,
                                     FlowMetrics flow) {
        this.storeName = storeName;
        this.limits = limits;
        this.stats = stats;
        this.flow = flow;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        recover();
        long tick = Math.max(10, limits.maxWait().toMillis() / 2);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    /** After a restart (or a task move) the buffer holds what was committed: count it and carry on. */
    private void recover() {
        try (KeyValueIterator<String, P> last = buffer.reverseAll()) {
            if (last.hasNext()) {
                nextSequence = Long.parseLong(last.next().key, 16) + 1;
                // what was buffered before the restart is due a wait from now, not from before the crash
                oldestFreshAt = context.currentSystemTimeMs();
            } else {
                nextSequence = 0;
            }
        }
        recount();
    }

    @Override
    public void process(Record<String, I> record) {
        context.recordMetadata().ifPresent(m -> flow.received(m.topic()));
        P entry = toEntry(record);
        if (entry == null) {
            return;
        }
        buffer.put(String.format("%016x", nextSequence++), entry);
        bufferedSentences += sentencesOf(entry);
        bufferedTokens += tokensOf(entry);
        if (oldestFreshAt < 0) {
            oldestFreshAt = context.currentSystemTimeMs();
        }
        if (bufferedSentences >= limits.maxSentences()) {
            flush(BatchStats.Trigger.SENTENCES);
        } else if (bufferedTokens >= limits.maxTokens()) {
            flush(BatchStats.Trigger.TOKENS);
        }
    }

    private void onTick(long now) {
        if (oldestFreshAt >= 0 && now - oldestFreshAt >= limits.maxWait().toMillis()) {
            flush(BatchStats.Trigger.TIME);
        }
    }

    /** Processes everything buffered now; entries the batch did not finish stay for a later flush. */
    protected final void flush(BatchStats.Trigger trigger) {
        List<KeyValue<String, P>> entries = new ArrayList<>();
        try (KeyValueIterator<String, P> all = buffer.all()) {
            all.forEachRemaining(entries::add);
        }
        if (entries.isEmpty()) {
            return;
        }
        long waited = oldestFreshAt < 0 ? 0 : context.currentSystemTimeMs() - oldestFreshAt;
        stats.recordFlush(trigger, entries.size(), bufferedSentences, bufferedTokens, waited);
        for (String done : processBatch(entries)) {
            buffer.delete(done);
        }
        recount();
        oldestFreshAt = -1;
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

    /** Forwards an output to {@code sink}, which writes to {@code topic}, and reports it. */
    protected final void emit(Record<?, ?> output, String sink, String topic) {
        context.forward(output, sink);
        flow.emitted(topic, context.currentSystemTimeMs() - output.timestamp());
    }

    /** Forwards a {@link DeadLetters} record to the dead-letter sink, which writes to {@code topic}, and reports it. */
    /** Where the record being processed came from (unknown, as -1, outside of process()). */
    protected final DeadLetters.Source currentSource() {
        return context.recordMetadata()
                .map(m -> new DeadLetters.Source(m.topic(), m.partition(), m.offset()))
                .orElse(new DeadLetters.Source("", -1, -1));
    }

    protected final void emitDeadLetter(Record<byte[], byte[]> deadLetter, String topic) {
        emit(deadLetter, EnrichmentTopology.DLQ_SINK, topic);
        flow.deadLettered(DeadLetters.header(deadLetter.headers(), DeadLetters.REASON_CODE));
    }

    /** Where this processor's statistics go. */
    protected final BatchStats stats() {
        return stats;
    }

    /** Number of buffered entries. */
    protected final long buffered() {
        return buffer.approximateNumEntries();
    }

    /** The entry to buffer for this input, or null when the input was fully handled (e.g. dead-lettered). */
    protected abstract P toEntry(Record<String, I> record);

    protected abstract int sentencesOf(P entry);

    protected abstract int tokensOf(P entry);

    /**
     * Processes a batch, in arrival order, forwarding its outputs. Returns the keys of the entries that are done;
     * the others stay buffered.
     */
    protected abstract Collection<String> processBatch(List<KeyValue<String, P>> entries);
}
