package io.bertstream.qa.squad;

import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.RetrieveReadAnswerer;
import io.bertstream.qa.SpanQaEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the reader is given: the share of answerable questions whose gold answer (any of them) lies inside the
 * contexts the answerer reads (retrieved candidates with their neighbours, or the whole article), against the
 * reader windows those contexts cost per question. No answer is read: retrieval and windowing only.
 *
 * @param coverage           percentage (0-100) of answerable questions whose answer is read; NaN when none is
 * @param windowsPerQuestion mean reader windows per question (all questions)
 */
public record ReaderCoverage(double coverage, double windowsPerQuestion) {

    public static ReaderCoverage measure(List<SquadExample> examples, RetrieveReadAnswerer answerer,
                                         ContextAnswerer contexts, int batchSize) {
        int answerable = 0;
        int covered = 0;
        long windows = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<SquadExample> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            List<ArticleAnswerer.Asked> asked = new ArrayList<>(batch.size());
            batch.forEach(e -> asked.add(new ArticleAnswerer.Asked(e.question(), contexts.indexed(e.context()))));
            List<SpanQaEngine.Reading> readings = answerer.readings(asked);
            for (int i = 0; i < batch.size(); i++) {
                windows += answerer.windows(readings.get(i));
                if (!batch.get(i).goldStarts().isEmpty()) {
                    answerable++;
                    covered += RetrievalRecall.holdsGold(readings.get(i).contexts(), batch.get(i)) ? 1 : 0;
                }
            }
        }
        return new ReaderCoverage(answerable == 0 ? Double.NaN : 100.0 * covered / answerable,
                examples.isEmpty() ? 0 : (double) windows / examples.size());
    }
}
