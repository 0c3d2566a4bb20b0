package io.bertstream.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.EncoderSettings;
import io.bertstream.inference.OnnxSessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration ranges for the int8 tool ({@code src/main/python/quantize_encoder_int8.py --smooth}): the largest
 * |x| per channel of every extra output of a graph (the fp32 encoder with its MatMul inputs as outputs, written by
 * {@code --calibration-graph}), over the real tokens of calibration text that is not the benchmark corpus, one
 * sentence per call so that no padding enters the ranges.
 *
 * <pre>java -cp target/bertstream.jar io.bertstream.bench.ActivationRanges GRAPH.onnx SQUAD.json OUT.tsv [SENTENCES]</pre>
 *
 * OUT.tsv: one line per output, its name then the per-channel maxima, tab-separated.
 */
public final class ActivationRanges {

    private final Map<String, float[]> maxima = new LinkedHashMap<>();

    /** Folds one output of one call, {@code [1, tokens, channels]}, into the maxima: its first {@code real} tokens. */
    void add(String output, FloatBuffer values, int tokens, int channels, int real) {
        if (real > tokens || (long) tokens * channels > values.limit()) {
            throw new IllegalArgumentException(output + ": " + real + " real of " + tokens + " tokens x " + channels
                    + " channels, " + values.limit() + " values");
        }
        float[] max = maxima.computeIfAbsent(output, name -> new float[channels]);
        if (max.length != channels) {
            throw new IllegalArgumentException(output + " has " + channels + " channels, before " + max.length);
        }
        for (int t = 0; t < real; t++) {
            for (int c = 0; c < channels; c++) {
                max[c] = Math.max(max[c], Math.abs(values.get(t * channels + c)));
            }
        }
    }

    Map<String, float[]> maxima() {
        return maxima;
    }

    /** The ranges file: a line per output, its name then its maxima. */
    String toTsv() {
        StringBuilder out = new StringBuilder();
        maxima.forEach((name, max) -> {
            out.append(name);
            for (float v : max) {
                out.append('\t').append(v);
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** Runs the graph on each text alone and folds every output but last_hidden_state into the ranges. */
    static ActivationRanges measure(EncoderSettings settings, byte[] graph, List<String> texts) throws OrtException {
        ActivationRanges ranges = new ActivationRanges();
        OrtEnvironment env = OnnxSessions.environment(settings.threading());
        try (HuggingFaceTokenizer tokenizer = tokenizer(settings);
             OrtSession session = OnnxSessions.create(graph, settings.threading(), settings.optimizationLevel())) {
            List<String> outputs = new ArrayList<>(session.getOutputNames());
            outputs.remove("last_hidden_state");
            for (String text : texts) {
                Encoding e = tokenizer.encode(text);
                long[] shape = {1, e.getIds().length};
                Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
                try {
                    inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape));
                    inputs.put("attention_mask", OnnxTensor.createTensor(env,
                            LongBuffer.wrap(e.getAttentionMask()), shape));
                    if (session.getInputNames().contains("token_type_ids")) {
                        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()),
                                shape));
                    }
                    try (OrtSession.Result result = session.run(inputs, new java.util.HashSet<>(outputs))) {
                        for (String name : outputs) {
                            OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
                            long[] dims = tensor.getInfo().getShape();
                            ranges.add(name, tensor.getFloatBuffer(), (int) dims[1], (int) dims[2],
                                    e.getIds().length);
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        return ranges;
    }

    private static HuggingFaceTokenizer tokenizer(EncoderSettings settings) {
        Map<String, String> options = Map.of("padding", "false", "truncation", "true",
                "maxLength", String.valueOf(settings.maxTokens()), "addSpecialTokens", "true");
        try (InputStream in = settings.tokenizer().open()) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load tokenizer " + settings.tokenizer(), e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ActivationRanges GRAPH.onnx SQUAD.json OUT.tsv [SENTENCES]");
            System.exit(2);
        }
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
        int sentences = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        List<String> texts = BenchCorpus.fromSquad(Path.of(args[1]), sentences).sentences();
        EncoderSettings settings = EncoderFactory.settings(BertstreamConfig.of(Map.of()));
        ActivationRanges ranges = measure(settings, Files.readAllBytes(Path.of(args[0])), texts);
        Files.writeString(Path.of(args[2]), ranges.toTsv(), StandardCharsets.UTF_8);
        System.err.printf("ActivationRanges: %d outputs over %d sentences: %s%n", ranges.maxima().size(),
                texts.size(), args[2]);
    }
}
