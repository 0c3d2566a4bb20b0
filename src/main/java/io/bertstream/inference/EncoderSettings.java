package io.bertstream.inference;

/**
 * How to build and run a sentence encoder.
 *
 * @param name               model name carried on output events
 * @param model              the ONNX file
 * @param tokenizer          the Hugging Face tokenizer.json
 * @param maxTokens          sentences are truncated to this many tokens (special tokens included)
 * @param maxBatchSentences  at most this many sentences in one ONNX call
 * @param maxBatchTokens     at most this many padded tokens (sentences x longest) in one ONNX call
 * @param threading          ONNX Runtime threads: how many, spinning, shared global pool
 * @param optimizationLevel  ONNX Runtime graph optimisation: none, basic, extended or all
 * @param exactInt8          int8 products exact on every CPU ({@link OnnxSessions}: on x86 without VNNI the fast
 *                           kernel may saturate); false only to measure that kernel
 */
public record EncoderSettings(String name, ModelSource model, ModelSource tokenizer, int maxTokens,
                              int maxBatchSentences, int maxBatchTokens, OrtThreading threading,
                              String optimizationLevel, boolean exactInt8) {

    /** The same settings for another ONNX file of the same network (e.g. an int8 variant), under another name. */
    public EncoderSettings withModel(String otherName, ModelSource otherModel) {
        return new EncoderSettings(otherName, otherModel, tokenizer, maxTokens, maxBatchSentences, maxBatchTokens,
                threading, optimizationLevel, exactInt8);
    }

    /** The same settings on other ONNX Runtime threads. */
    public EncoderSettings withThreading(OrtThreading otherThreading) {
        return new EncoderSettings(name, model, tokenizer, maxTokens, maxBatchSentences, maxBatchTokens,
                otherThreading, optimizationLevel, exactInt8);
    }

    /** The same settings truncating sentences at another length. */
    public EncoderSettings withMaxTokens(int otherMaxTokens) {
        return new EncoderSettings(name, model, tokenizer, otherMaxTokens, maxBatchSentences, maxBatchTokens,
                threading, optimizationLevel, exactInt8);
    }
}
