package io.bertstream.qa;

/**
 * Options of span question answering, named and defaulted as in Hugging Face's question-answering pipeline.
 */
public record QaOptions(int maxSeqLen, int docStride, int maxQuestionLen, int maxAnswerLen, int topK,
                        boolean handleImpossibleAnswer, boolean alignToWords, double noAnswerThreshold) {

    /** The pipeline's options: the impossible answer (when handled) wins as soon as it scores highest. */
    public QaOptions(int maxSeqLen, int docStride, int maxQuestionLen, int maxAnswerLen, int topK,
                     boolean handleImpossibleAnswer, boolean alignToWords) {
        this(maxSeqLen, docStride, maxQuestionLen, maxAnswerLen, topK, handleImpossibleAnswer, alignToWords, 0);
    }

    public static QaOptions defaults() {
        return new QaOptions(384, 128, 64, 15, 1, false, true);
    }
}
