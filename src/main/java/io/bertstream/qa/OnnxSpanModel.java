package io.bertstream.qa;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.bertstream.inference.InferenceStats;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.OnnxSessions;
import io.bertstream.inference.OrtThreading;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An extractive-QA ONNX model (a Hugging Face {@code ...ForQuestionAnswering} export): feeds whichever of
 * {@code input_ids}, {@code attention_mask} and {@code token_type_ids} the model declares and reads
 * {@code start_logits} and {@code end_logits} of shape [batch, sequence].
 */
final class OnnxSpanModel implements AutoCloseable {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String START_LOGITS = "start_logits";
    static final String END_LOGITS = "end_logits";

    /** Logits of one window, as long as the padded batch. */
    record Logits(float[] start, float[] end) {
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final InferenceStats stats = new InferenceStats();
    private final Map<String, OnnxJavaType> inputTypes = new HashMap<>();

    /** A session on the process's global ONNX Runtime pool when there is one, else on its own threads. */
    OnnxSpanModel(ModelSource modelSource, int intraOpThreads) {
        OrtThreading threading = new OrtThreading(intraOpThreads, false, true);
        environment = OnnxSessions.environment(threading);
        try {
            // the fast int8 kernel even where it may saturate (x86 without VNNI): exact products there cost 15 %
            // of the questions/s and moved no score up (docs/benchmarks-int8-and-questions.md, section 2c)
            session = OnnxSessions.create(modelSource.readAllBytes(), threading, "all", false);
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                inputTypes.put(input.getKey(), ((TensorInfo) input.getValue().getInfo()).type);
            }
        } catch (OrtException | IllegalStateException e) {
            throw new IllegalStateException("cannot load QA model " + modelSource + ": " + e.getMessage(), e);
        }
        checkSignature(modelSource);
    }

    private void checkSignature(ModelSource modelPath) {
        List<String> known = List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
        boolean inputsKnown = known.containsAll(inputTypes.keySet()) && inputTypes.containsKey(INPUT_IDS);
        boolean outputsKnown = session.getOutputNames().containsAll(List.of(START_LOGITS, END_LOGITS));
        if (!inputsKnown || !outputsKnown) {
            String message = modelPath + " is not an extractive-QA model: inputs " + inputTypes.keySet()
                    + ", outputs " + session.getOutputNames();
            close();
            throw new IllegalArgumentException(message);
        }
    }

    /** Calls, windows and tokens (real and padded) of the runs so far. */
    InferenceStats stats() {
        return stats;
    }

    /** Runs the windows as one batch, right-padded with token 0 and attention 0 to the longest window. */
    List<Logits> run(List<QaWindow> windows) {
        int width = windows.stream().mapToInt(QaWindow::length).max().orElse(0);
        long started = System.nanoTime();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (String name : inputTypes.keySet()) {
                feeds.put(name, tensor(name, windows, width, inputColumn(name)));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                float[][] start = (float[][]) result.get(START_LOGITS).orElseThrow().getValue();
                float[][] end = (float[][]) result.get(END_LOGITS).orElseThrow().getValue();
                List<Logits> logits = new ArrayList<>(windows.size());
                for (int i = 0; i < windows.size(); i++) {
                    logits.add(new Logits(start[i], end[i]));
                }
                stats.recordCall(windows.size(), windows.stream().mapToLong(QaWindow::length).sum(),
                        (long) windows.size() * width, (System.nanoTime() - started) / 1e9);
                return logits;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("QA model run failed", e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** The values of one model input for a window, before padding. */
    private static Function<QaWindow, long[]> inputColumn(String name) {
        return switch (name) {
            case INPUT_IDS -> QaWindow::inputIds;
            case TOKEN_TYPE_IDS -> QaWindow::typeIds;
            default -> window -> ones(window.length());
        };
    }

    private OnnxTensor tensor(String name, List<QaWindow> windows, int width, Function<QaWindow, long[]> column)
            throws OrtException {
        long[] padded = new long[windows.size() * width];
        for (int row = 0; row < windows.size(); row++) {
            long[] values = column.apply(windows.get(row));
            System.arraycopy(values, 0, padded, row * width, values.length);
        }
        long[] shape = {windows.size(), width};
        if (inputTypes.get(name) == OnnxJavaType.INT32) {
            int[] narrowed = new int[padded.length];
            for (int i = 0; i < padded.length; i++) {
                narrowed[i] = (int) padded[i];
            }
            return OnnxTensor.createTensor(environment, IntBuffer.wrap(narrowed), shape);
        }
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(padded), shape);
    }

    private static long[] ones(int length) {
        long[] ones = new long[length];
        Arrays.fill(ones, 1L);
        return ones;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close QA model session", e);
        }
    }
}
