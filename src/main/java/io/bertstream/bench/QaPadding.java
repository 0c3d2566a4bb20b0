package io.bertstream.bench;

import io.bertstream.inference.LengthBatcher;
import io.bertstream.inference.ModelSource;
import io.bertstream.qa.QaInput;
import io.bertstream.qa.QaOptions;
import io.bertstream.qa.SpanQaEngine;
import io.bertstream.qa.squad.SquadDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Padding of question windows, computed from their token lengths alone (no QA model needed): SQuAD questions in
 * a shuffled order (questions arrive about any article), grouped as the question batcher groups them, each group's
 * windows batched in arrival order (as before) and sorted and cut by a token budget (as now).
 */
final class QaPadding {

    /** Padding ratios of both ways of batching, over {@code windows} windows. */
    record Result(double arrivalOrder, double sorted, int windows) {
    }

    private QaPadding() {
    }

    static Result measure(Path squad, ModelSource tokenizer, QaOptions options, int questionsPerBatch, int maxWindows,
                          int maxTokens, int questions) throws IOException {
        List<QaInput> inputs = new ArrayList<>();
        for (SquadDataset.Article article : SquadDataset.load(squad).articles()) {
            for (SquadDataset.Paragraph paragraph : article.paragraphs()) {
                paragraph.questions().forEach(q -> inputs.add(new QaInput(q.question(), paragraph.context())));
            }
        }
        Collections.shuffle(inputs, new Random(12345));
        List<QaInput> asked = inputs.subList(0, Math.min(questions, inputs.size()));
        long arrivalPadded = 0;
        long sortedPadded = 0;
        long real = 0;
        int windows = 0;
        int[][] perQuestion = SpanQaEngine.windowLengths(tokenizer, options, asked);
        for (int from = 0; from < asked.size(); from += questionsPerBatch) {
            int[] lengths = Arrays.stream(perQuestion, from, Math.min(asked.size(), from + questionsPerBatch))
                    .flatMapToInt(Arrays::stream).toArray();
            long batchReal = 0;
            for (int length : lengths) {
                batchReal += length;
            }
            real += batchReal;
            windows += lengths.length;
            arrivalPadded += padded(batchReal, LengthBatcher.paddingRatio(lengths,
                    LengthBatcher.inOrder(lengths.length, maxWindows)));
            sortedPadded += padded(batchReal, LengthBatcher.paddingRatio(lengths,
                    LengthBatcher.cut(lengths, maxWindows, maxTokens)));
        }
        return new Result(1.0 - (double) real / arrivalPadded, 1.0 - (double) real / sortedPadded, windows);
    }

    /** Computed tokens, given the real ones and the padding ratio. */
    private static long padded(long real, double ratio) {
        return Math.round(real / (1.0 - ratio));
    }
}
