package io.bertstream.qa;

/**
 * Options of span question answering, named and defaulted as in Hugging Face's question-answering pipeline.
 */
public record QaOptions(int maxSeqLen, int docStride, int maxQuestionLen, int maxAnswerLen, int topK,
                        boolean handleImpossibleAnswer, boolean alignToWords) {

    public static QaOptions defaults() {
        return new QaOptions(384, 128, 64, 15, 1, false, true);
    }
}
