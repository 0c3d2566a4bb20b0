package io.bertstream.topology;

import org.apache.kafka.streams.KeyValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What earlier attempts at a batch's entries learnt, applied before the entries are computed again. Under
 * exactly_once_v2 a failed transaction is retried with the same inputs; an entry whose output (or stored state) a
 * topic refused ({@link ProductionRejections}), or whose work in this phase alone overran the budget of a
 * transaction ({@link SlowInputs}), would fail it again, for ever. Such an entry is a dead letter now instead; the
 * others are computed, timed by {@link SlowInputs} so that this attempt teaches the next one.
 *
 * @param <P> the buffered entry
 */
final class EarlierFailures<P> {

    private final ProductionRejections rejections;
    private final SlowInputs slow;
    private final BufferedBatchProcessor<?, P> processor;

    EarlierFailures(ProductionRejections rejections, SlowInputs slow, BufferedBatchProcessor<?, P> processor) {
        this.rejections = rejections;
        this.slow = slow;
        this.processor = processor;
    }

    /**
     * The outcomes {@code compute} gives the entries, except for entries whose output (or stored state) a topic
     * refused in an earlier attempt: those are dead letters now, with the refusal as the reason, and are not
     * computed again; so are entries whose work in this {@code phase} (the store they leave) alone overran the
     * budget of a transaction before.
     */
    List<Outcome> outcomes(String phase, List<KeyValue<String, P>> entries,
                           Function<List<KeyValue<String, P>>, List<Outcome>> compute) {
        Outcome[] outcomes = new Outcome[entries.size()];
        List<KeyValue<String, P>> rest = new ArrayList<>(entries.size());
        List<Integer> restAt = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            P entry = entries.get(i).value;
            ProductionRejections.Refusal refused = rejections.ofInput(processor.sourceOf(entry));
            if (refused == null) {
                refused = processor.refusedState(entry);
            }
            if (refused != null) {
                outcomes[i] = Outcome.of(processor.deadLetterOf(entry, refused.code(), refused.reason()));
            } else if (slow.tooSlow(phase, processor.sourceOf(entry))) {
                outcomes[i] = Outcome.of(processor.deadLetterOf(entry, "too-slow", slow.reason()));
            } else {
                rest.add(entries.get(i));
                restAt.add(i);
            }
        }
        List<Outcome> computed = rest.isEmpty() ? List.of()
                : slow.compute(phase, rest, kv -> processor.sourceOf(kv.value), compute);
        for (int j = 0; j < rest.size(); j++) {
            outcomes[restAt.get(j)] = computed.get(j);
        }
        return Arrays.asList(outcomes);
    }
}
