package io.bertstream.bench;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.inference.OnnxSessions;
import io.bertstream.inference.OrtThreading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an on-disk cache of the optimised graph would save at start-up: the time to create a session from the
 * model with every graph optimisation, against loading the graph ONNX Runtime saved after optimising it, with no
 * optimisation left to do. Fastest of a few runs each.
 */
final class StartupCost {

    /** Milliseconds to create a session: optimising the model, and from the saved optimised graph. */
    record Result(double optimizeMs, double cachedMs) {
    }

    private static final int RUNS = 3;

    private StartupCost() {
    }

    static Result measure(byte[] model, OrtThreading threading) throws IOException, OrtException {
        Path saved = Files.createTempFile("bertstream-optimized-", ".onnx");
        try {
            try (OrtSession.SessionOptions options = OnnxSessions.options(threading, "all")) {
                options.setOptimizedModelFilePath(saved.toString());
                OnnxSessions.environment(threading).createSession(model, options).close();
            }
            double optimize = Repeated.minSeconds(() -> create(model, threading, "all"), 0, RUNS) * 1000;
            byte[] optimized = Files.readAllBytes(saved);
            double cached = Repeated.minSeconds(() -> create(optimized, threading, "none"), 0, RUNS) * 1000;
            return new Result(optimize, cached);
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    private static void create(byte[] model, OrtThreading threading, String level) {
        try {
            OnnxSessions.create(model, threading, level).close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
