package io.bertstream.inference;

/** The models bundled through Maven artifacts: all-MiniLM-L6-v2 in fp32 and int8. */
public final class DefaultModels {

    public static final String MINILM = "all-MiniLM-L6-v2";
    public static final ModelSource MINILM_FP32 = ModelSource.parse("classpath:all-minilm-l6-v2.onnx");
    public static final ModelSource MINILM_INT8 = ModelSource.parse("classpath:all-minilm-l6-v2-q.onnx");
    /** The bert-base-uncased WordPiece vocabulary, with MiniLM's own (128-token) truncation overridden by us. */
    public static final ModelSource MINILM_TOKENIZER = ModelSource.parse("classpath:all-minilm-l6-v2-tokenizer.json");

    private DefaultModels() {
    }

    /** MiniLM with sensible batching, for tests and tools. */
    public static EncoderSettings miniLm(boolean int8, int threads) {
        return new EncoderSettings(int8 ? MINILM + "-int8" : MINILM, int8 ? MINILM_INT8 : MINILM_FP32,
                MINILM_TOKENIZER, 256, 32, 4096, new OrtThreading(threads, false, true), "all", true);
    }
}
