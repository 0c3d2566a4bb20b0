package io.bertstream.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A BERT-family sentence encoder on ONNX Runtime: Hugging Face tokenizer, transformer, mean pooling over the
 * attention mask, L2 normalisation (what sentence-transformers does for all-MiniLM-L6-v2).
 *
 * <p>Texts are sorted by token length and cut into sub-batches bounded by sentences and by padded tokens, so
 * that each sub-batch is padded only to its own longest text: padding in arrival order can triple the work.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {

    private final EncoderSettings settings;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final Set<String> inputNames;
    private final String outputName;
    private final int dimension;
    private final InferenceStats stats = new InferenceStats();

    public OnnxSentenceEncoder(EncoderSettings settings) {
        this.settings = settings;
        this.tokenizer = loadTokenizer(settings.tokenizer(), settings.maxTokens());
        this.env = OnnxSessions.environment(settings.threading());
        this.session = OnnxSessions.create(settings.model().readAllBytes(), settings.threading(),
                settings.optimizationLevel(), settings.exactInt8());
        try {
            this.inputNames = session.getInputNames();
            this.outputName = session.getOutputNames().contains("last_hidden_state")
                    ? "last_hidden_state" : session.getOutputNames().iterator().next();
            NodeInfo output = session.getOutputInfo().get(outputName);
            long[] shape = ((ai.onnxruntime.TensorInfo) output.getInfo()).getShape();
            this.dimension = (int) shape[shape.length - 1];
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot read the encoder's inputs and outputs", e);
        }
        if (!inputNames.contains("input_ids") || !inputNames.contains("attention_mask")) {
            throw new IllegalArgumentException("The encoder model must take input_ids and attention_mask, it takes "
                    + inputNames);
        }
    }

    /** Loads a tokenizer.json with explicit truncation and no padding (padding is done per sub-batch here). */
    static HuggingFaceTokenizer loadTokenizer(ModelSource source, int maxTokens) {
        Map<String, String> options = new HashMap<>();
        options.put("padding", "false");
        options.put("truncation", "true");
        options.put("maxLength", String.valueOf(maxTokens));
        options.put("addSpecialTokens", "true");
        try (InputStream in = source.open()) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load tokenizer " + source, e);
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public InferenceStats stats() {
        return stats;
    }

    @Override
    public int[] tokenCounts(List<String> texts) {
        return tokenize(texts).counts();
    }

    @Override
    public TokenizedTexts tokenize(List<String> texts) {
        return new TokenizedTexts(this, texts, texts.isEmpty() ? new Encoding[0] : tokenizer.batchEncode(texts));
    }

    @Override
    public float[][] encode(TokenizedTexts texts) {
        Encoding[] encodings = texts.encodings(this);
        float[][] result = new float[encodings.length][];
        if (encodings.length == 0) {
            return result;
        }
        stats.recordTruncated((int) IntStream.range(0, encodings.length)
                .filter(i -> encodings[i].exceedMaxLength()).count());
        for (int[] batch : LengthBatcher.cut(texts.counts(), settings.maxBatchSentences(),
                settings.maxBatchTokens())) {
            runBatch(encodings, batch, result);
        }
        return result;
    }

    /** Encodes one sentence per ONNX call, in order: the unbatched baseline of the benchmark. */
    public float[][] encodeOneByOne(List<String> texts) {
        float[][] result = new float[texts.size()][];
        Encoding[] encodings = tokenizer.batchEncode(texts);
        for (int i = 0; i < encodings.length; i++) {
            runBatch(encodings, new int[]{i}, result);
        }
        return result;
    }

    /** Runs the texts at {@code batch} (indices into encodings) in one ONNX call, writing their embeddings. */
    private void runBatch(Encoding[] encodings, int[] batch, float[][] result) {
        int maxLen = 0;
        long realTokens = 0;
        for (int index : batch) {
            maxLen = Math.max(maxLen, encodings[index].getIds().length);
            realTokens += encodings[index].getIds().length;
        }
        int n = batch.length;
        LongBuffer ids = LongBuffer.allocate(n * maxLen);
        LongBuffer mask = LongBuffer.allocate(n * maxLen);
        LongBuffer types = LongBuffer.allocate(n * maxLen);
        for (int row = 0; row < n; row++) {
            Encoding e = encodings[batch[row]];
            long[] rowIds = e.getIds();
            for (int t = 0; t < maxLen; t++) {
                boolean real = t < rowIds.length;
                ids.put(real ? rowIds[t] : 0);
                mask.put(real ? 1 : 0);
                types.put(real ? e.getTypeIds()[t] : 0);
            }
        }
        long[] shape = {n, maxLen};
        long started = System.nanoTime();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids.rewind(), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask.rewind(), shape));
            if (inputNames.contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, types.rewind(), shape));
            }
            try (OrtSession.Result output = session.run(inputs, Set.of(outputName))) {
                FloatBuffer hidden = ((OnnxTensor) output.get(0)).getFloatBuffer();
                for (int row = 0; row < n; row++) {
                    result[batch[row]] = meanPoolNormalised(hidden, row, maxLen,
                            encodings[batch[row]].getIds().length);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
        stats.recordCall(n, realTokens, (long) n * maxLen, (System.nanoTime() - started) / 1e9);
    }

    /** Mean of the first {@code realLen} token vectors of row {@code row} (the unmasked ones), unit length. */
    private float[] meanPoolNormalised(FloatBuffer hidden, int row, int seqLen, int realLen) {
        float[] sum = new float[dimension];
        int base = row * seqLen * dimension;
        for (int t = 0; t < realLen; t++) {
            int offset = base + t * dimension;
            for (int d = 0; d < dimension; d++) {
                sum[d] += hidden.get(offset + d);
            }
        }
        return Vectors.normalised(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}
