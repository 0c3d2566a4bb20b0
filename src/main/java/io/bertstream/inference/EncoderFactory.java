package io.bertstream.inference;

import io.bertstream.config.BertstreamConfig;

import static io.bertstream.config.ConfigKeys.*;

/** Builds the sentence encoder the configuration names. */
public final class EncoderFactory {

    private EncoderFactory() {
    }

    public static EncoderSettings settings(BertstreamConfig c) {
        ModelSource model = ModelSource.parse(c.require(MODEL_PATH));
        String name = c.require(MODEL_NAME);
        // model.int8 swaps the bundled fp32 MiniLM for its bundled int8 twin; a model given by path is used as is
        if (c.getBoolean(MODEL_INT8) && model.equals(DefaultModels.MINILM_FP32)) {
            model = DefaultModels.MINILM_INT8;
            name = name + DefaultModels.INT8_SUFFIX;
        }
        return new EncoderSettings(name, model, ModelSource.parse(c.require(TOKENIZER_PATH)),
                c.getInt(MODEL_MAX_TOKENS), c.getInt(INFERENCE_BATCH_SIZE), c.getInt(INFERENCE_BATCH_TOKENS),
                threading(c), c.require(OPTIMIZATION_LEVEL), c.getBoolean(INFERENCE_INT8_EXACT));
    }

    /** The ONNX Runtime threading the configuration asks for (inference.intra.op.threads, .spinning, .thread.pool). */
    public static OrtThreading threading(BertstreamConfig c) {
        String pool = c.require(INFERENCE_THREAD_POOL);
        if (!pool.equals("global") && !pool.equals("session")) {
            throw new IllegalArgumentException("inference.thread.pool must be global or session, not " + pool);
        }
        return new OrtThreading(c.getInt(INTRA_OP_THREADS), c.getBoolean(INFERENCE_SPINNING), pool.equals("global"));
    }

    public static OnnxSentenceEncoder create(BertstreamConfig c) {
        return new OnnxSentenceEncoder(settings(c));
    }
}
