package io.bertstream.qa.squad;

import io.bertstream.qa.QaInput;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Scores a batch question answerer on SQuAD examples with the official v1.1 metrics. */
public final class SquadEvaluator {

    private final Function<List<QaInput>, List<String>> answerer;
    private final int batchSize;

    /**
     * @param answerer  answers a batch of inputs: the answer text of each, in order
     * @param batchSize most questions handed to the answerer at once
     */
    public SquadEvaluator(Function<List<QaInput>, List<String>> answerer, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.answerer = answerer;
        this.batchSize = batchSize;
    }

    /**
     * Answers the first {@code limit} examples (all of them if fewer) batch by batch.
     *
     * @param progress receives the running report after every batch
     * @return the report over all answered examples
     */
    public SquadReport evaluate(List<SquadExample> examples, int limit, Consumer<SquadReport> progress) {
        List<SquadExample> chosen = examples.subList(0, Math.min(Math.max(limit, 0), examples.size()));
        Totals totals = new Totals(System.nanoTime());
        for (int from = 0; from < chosen.size(); from += batchSize) {
            List<SquadExample> batch = chosen.subList(from, Math.min(chosen.size(), from + batchSize));
            List<String> answers = answerer.apply(batch.stream().map(SquadExample::toInput).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("answerer returned " + answers.size() + " answers for "
                        + batch.size() + " questions");
            }
            for (int i = 0; i < batch.size(); i++) {
                totals.add(answers.get(i), batch.get(i).goldAnswers());
            }
            progress.accept(totals.report());
        }
        return totals.report();
    }

    /** Running sums of the per-question scores. */
    private static final class Totals {
        private final long startNanos;
        private int count;
        private int exactMatches;
        private double f1Sum;
        private int containsGold;

        Totals(long startNanos) {
            this.startNanos = startNanos;
        }

        void add(String answer, List<String> golds) {
            count++;
            exactMatches += SquadMetrics.exactMatch(answer, golds) ? 1 : 0;
            f1Sum += SquadMetrics.f1(answer, golds);
            containsGold += SquadMetrics.containsGold(answer, golds) ? 1 : 0;
        }

        SquadReport report() {
            if (count == 0) {
                return new SquadReport(0, 0, 0, 0, 0);
            }
            double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
            return new SquadReport(count, 100.0 * exactMatches / count, 100.0 * f1Sum / count,
                    100.0 * containsGold / count, count / seconds);
        }
    }
}
