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
 */
public record EncoderSettings(String name, ModelSource model, ModelSource tokenizer, int maxTokens,
                              int maxBatchSentences, int maxBatchTokens, OrtThreading threading,
                              String optimizationLevel) {

    /** The same settings for another ONNX file of the same network (e.g. an int8 variant), under another name. */
    public EncoderSettings withModel(String otherName, ModelSource otherModel) {
        return new EncoderSettings(otherName, otherModel, tokenizer, maxTokens, maxBatchSentences, maxBatchTokens,
                threading, optimizationLevel);
    }
}
