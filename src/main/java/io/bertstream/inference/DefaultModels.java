package io.bertstream.inference;

/**
 * The bundled models: all-MiniLM-L6-v2 in fp32 (a Maven artifact) and in int8 (per-token activation scales,
 * calibrated outlier channels in fp32: {@code src/main/python/quantize_encoder_int8.py}, inside fp32's own summary
 * noise), which ships without the tensors it shares with the fp32 model. The Maven artifact's int8 twin
 * ({@code classpath:all-minilm-l6-v2-q.onnx}, per-tensor scales, outside that noise) stays on the class path, for
 * {@code model.path} and the benchmark's {@code --int8-model}.
 */
public final class DefaultModels {

    public static final String MINILM = "all-MiniLM-L6-v2";
    public static final ModelSource MINILM_FP32 = ModelSource.parse("classpath:all-minilm-l6-v2.onnx");
    public static final ModelSource MINILM_INT8 = ModelSource.parse(
            "classpath:bertstream/encoder/all-minilm-l6-v2-int8-token.onnx").sharingTensorsOf(MINILM_FP32);
    /** What the service's encoder names the int8 model (state records it: embeddings of another model are redone). */
    public static final String INT8_SUFFIX = "-int8-token";
    /** The bert-base-uncased WordPiece vocabulary, with MiniLM's own (128-token) truncation overridden by us. */
    public static final ModelSource MINILM_TOKENIZER = ModelSource.parse("classpath:all-minilm-l6-v2-tokenizer.json");

    private DefaultModels() {
    }

    /** MiniLM with sensible batching, for tests and tools. */
    public static EncoderSettings miniLm(boolean int8, int threads) {
        return new EncoderSettings(int8 ? MINILM + INT8_SUFFIX : MINILM, int8 ? MINILM_INT8 : MINILM_FP32,
                MINILM_TOKENIZER, 256, 32, 4096, new OrtThreading(threads, false, true), "all", true);
    }
}
