package io.bertstream.topology;

import io.bertstream.topology.FuzzCorpus.Expect;
import io.bertstream.topology.FuzzCorpus.FuzzRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Matches what was sent with what came out: every sent record with its outcomes (summary, answer or dead letter),
 * every output with the record it belongs to.
 *
 * @param sent        the records sent, by their source {@code topic/partition/offset}
 * @param outputs     what the service wrote
 * @param lost        records without any outcome
 * @param duplicated  records with more than one outcome
 * @param wrongReason dead letters whose reason is not the one the record was sent for
 * @param unexpected  outputs that belong to no record, or the wrong kind of outcome for their record
 */
record FuzzReconciliation(Map<String, FuzzRecord> sent, FuzzOutputs outputs, List<String> lost,
                          List<String> duplicated, List<String> wrongReason, List<String> unexpected) {

    static FuzzReconciliation of(Map<String, FuzzRecord> sent, FuzzOutputs outputs) {
        Map<String, List<FuzzOutputs.DeadLetter>> deadBySource = outputs.deadLetters().stream()
                .collect(Collectors.groupingBy(FuzzOutputs.DeadLetter::source));
        Map<String, Integer> summaries = new HashMap<>(outputs.summaries());
        Map<String, Integer> answers = new HashMap<>(outputs.answers());
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> wrongReason = new ArrayList<>();
        sent.forEach((source, record) -> {
            List<FuzzOutputs.DeadLetter> dead = deadBySource.getOrDefault(source, List.of());
            int outcomes = switch (record.expect()) {
                case SUMMARY -> take(summaries, record.id());
                case ANSWER -> take(answers, record.id());
                case DEAD -> dead.size();
            };
            String what = source + " " + record.kind() + " " + record.key();
            if (outcomes == 0) {
                lost.add(what);
            } else if (outcomes > 1) {
                duplicated.add(what + " x" + outcomes);
            }
            if (record.expect() == Expect.DEAD) {
                dead.stream().filter(d -> !record.id().equals(d.reason()))
                        .forEach(d -> wrongReason.add(what + ": " + d.reason() + ", expected " + record.id()));
                deadBySource.remove(source);
            }
        });
        List<String> unexpected = new ArrayList<>();
        summaries.forEach((id, n) -> unexpected.add("summary " + id + " x" + n));
        answers.forEach((id, n) -> unexpected.add("answer " + id + " x" + n));
        deadBySource.forEach((source, dead) -> unexpected.add("dead letter of " + source + " " + dead));
        return new FuzzReconciliation(sent, outputs, lost, duplicated, wrongReason, unexpected);
    }

    /** The count under {@code key}, removed so that what is left over is unexpected. */
    private static int take(Map<String, Integer> counts, String key) {
        Integer n = counts.remove(key);
        return n == null ? 0 : n;
    }

    /** Sent records by topic and kind. */
    Map<String, Long> sentByKind() {
        return count(sent.values().stream().map(r -> r.topic() + " " + r.kind()).toList());
    }

    Map<String, Long> deadLettersByReason() {
        return count(outputs.deadLetters().stream().map(FuzzOutputs.DeadLetter::reason).toList());
    }

    int validOutputs() {
        return sum(outputs.summaries()) + sum(outputs.answers());
    }

    String report() {
        StringBuilder out = new StringBuilder("=== fuzz: sent ").append(sent.size()).append('\n');
        sentByKind().forEach((kind, n) -> out.append(String.format("  sent %-40s %5d%n", kind, n)));
        out.append(String.format("valid outputs: %d (summaries %d, answers %d)%n", validOutputs(),
                sum(outputs.summaries()), sum(outputs.answers())));
        out.append("dead letters: ").append(outputs.deadLetters().size()).append('\n');
        deadLettersByReason().forEach((reason, n) -> out.append(String.format("  %-60s %5d%n", reason, n)));
        out.append(String.format("lost %d, duplicated %d, wrong reason %d, unexpected %d%n", lost.size(),
                duplicated.size(), wrongReason.size(), unexpected.size()));
        for (List<String> problems : List.of(lost, duplicated, wrongReason, unexpected)) {
            problems.stream().limit(20).forEach(p -> out.append("  ! ").append(p).append('\n'));
        }
        return out.toString();
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Long> count(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
