package io.bertstream.qa;

import io.bertstream.inference.ModelSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader's labelled training windows, made by the tokenizer and windowing that {@link SpanQaEngine} serves
 * with (no model needed), so training and serving cannot drift apart.
 */
public final class TrainingWindows implements AutoCloseable {

    private final QaTokenizer tokenizer;
    private final QaOptions options;

    public TrainingWindows(ModelSource tokenizerJson, QaOptions options) {
        this.tokenizer = new QaTokenizer(tokenizerJson);
        this.options = options;
    }

    /**
     * The training windows of one question over the given contexts of a text, built exactly as {@link SpanQaEngine#read}
     * builds them: each with the window positions of the gold answer {@code [goldStart, goldEnd)}, or 0/0 (the [CLS]
     * target) when the window does not hold it; windows that cut the gold answer are left out.
     *
     * @param goldStart -1 for an unanswerable question
     */
    public List<TrainingWindow> of(String question, String text, List<ReadingContext> contexts,
                                                int goldStart, int goldEnd) {
        List<TrainingWindow> result = new ArrayList<>();
        for (ReadingContext context : contexts) {
            for (QaWindow window : tokenizer.windows(0, question, text, context, options)) {
                int[] range = goldStart < 0 ? null : window.tokenRange(goldStart, goldEnd);
                boolean overlaps = goldStart >= 0 && window.overlapsChars(goldStart, goldEnd);
                int contextEnd = window.contextOffset() + window.contextTo() - window.contextFrom();
                if (range != null) {
                    result.add(new TrainingWindow(window.inputIds(), window.typeIds(), window.contextOffset(),
                            contextEnd, range[0], range[1]));
                } else if (!overlaps) {
                    result.add(new TrainingWindow(window.inputIds(), window.typeIds(), window.contextOffset(),
                            contextEnd, 0, 0));
                }
            }
        }
        return result;
    }

    /**
     * One labelled model input: the context tokens sit at window positions {@code [contextFrom, contextTo)};
     * {@code start}/{@code end} are the window positions of the gold span (0/0: no answer in the window).
     */
    public record TrainingWindow(long[] inputIds, long[] typeIds, int contextFrom, int contextTo, int start, int end) {
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
