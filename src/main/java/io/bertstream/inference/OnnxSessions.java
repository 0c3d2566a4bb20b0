package io.bertstream.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.Locale;

/** Creates ONNX Runtime sessions with the service's session options. */
public final class OnnxSessions {

    private OnnxSessions() {
    }

    public static OrtSession create(byte[] model, int intraOpThreads, String optimizationLevel) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setOptimizationLevel(optimizationLevel(optimizationLevel));
            return OrtEnvironment.getEnvironment().createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    static OrtSession.SessionOptions.OptLevel optimizationLevel(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            default -> throw new IllegalArgumentException(
                    "inference.optimization.level must be none, basic, extended or all, not " + name);
        };
    }
}
