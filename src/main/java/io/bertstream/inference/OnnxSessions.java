package io.bertstream.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The process's ONNX Runtime environment and the session options of the service. The first shared
 * {@link OrtThreading} asked for creates the environment with one global intra-op pool; every shared session
 * then runs on that pool (per-session threads disabled). ONNX Runtime allows one environment per process, so
 * when something else created it first, shared sessions fall back to a pool of their own.
 */
public final class OnnxSessions {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);
    private static final String INTRA_SPINNING = "session.intra_op.allow_spinning";
    private static final String INTER_SPINNING = "session.inter_op.allow_spinning";
    /**
     * On x86 CPUs without VNNI, ONNX Runtime's fast uint8 x int8 kernel adds pairs of products in int16 and
     * saturates: its integers are wrong where activations and weights are both large. "1" makes those CPUs use
     * the exact uint8 x uint8 kernel instead (slower there); CPUs with VNNI keep the fast kernel, which is exact.
     */
    private static final String EXACT_INT8 = "session.x64quantprecision";

    /** The global pool's settings, or null when the environment has none. */
    private static OrtThreading globalPool;
    private static OrtEnvironment environment;

    private OnnxSessions() {
    }

    /** The environment, created with a global pool of {@code threading} if it does not exist yet and is shared. */
    public static synchronized OrtEnvironment environment(OrtThreading threading) {
        if (environment == null && threading.shared()) {
            try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
                pool.setGlobalIntraOpNumThreads(threading.resolvedThreads());
                pool.setGlobalInterOpNumThreads(1);
                pool.setGlobalSpinControl(threading.spinning());
                environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                        "bertstream", pool);
                globalPool = threading;
                LOG.info("ONNX Runtime: one global pool of {} intra-op threads, spinning {}",
                        threading.resolvedThreads(), threading.spinning() ? "on" : "off");
            } catch (IllegalStateException | OrtException e) {
                LOG.warn("ONNX Runtime's environment already exists without a global thread pool; "
                        + "sessions get pools of their own ({})", e.getMessage());
            }
        }
        if (environment == null) {
            environment = OrtEnvironment.getEnvironment();
        }
        return environment;
    }

    /** Whether sessions asking for {@code threading} run on the global pool. */
    public static synchronized boolean onGlobalPool(OrtThreading threading) {
        environment(threading);
        return threading.shared() && globalPool != null;
    }

    /**
     * Session options for {@code threading} and an optimisation level (none, basic, extended, all), with exact
     * int8 products on every CPU.
     */
    public static OrtSession.SessionOptions options(OrtThreading threading, String optimizationLevel)
            throws OrtException {
        return options(threading, optimizationLevel, true);
    }

    /**
     * The same, {@code exactInt8} false leaving CPUs without VNNI on the fast kernel that may saturate (the
     * benchmark compares the two; the service never asks for it).
     */
    public static OrtSession.SessionOptions options(OrtThreading threading, String optimizationLevel,
                                                    boolean exactInt8) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (onGlobalPool(threading)) {
                options.disablePerSessionThreads();
            } else {
                options.setIntraOpNumThreads(threading.resolvedThreads());
                options.addConfigEntry(INTRA_SPINNING, threading.spinning() ? "1" : "0");
                options.addConfigEntry(INTER_SPINNING, threading.spinning() ? "1" : "0");
            }
            options.addConfigEntry(EXACT_INT8, exactInt8 ? "1" : "0");
            options.setOptimizationLevel(optimizationLevel(optimizationLevel));
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    public static OrtSession create(byte[] model, OrtThreading threading, String optimizationLevel) {
        return create(model, threading, optimizationLevel, true);
    }

    public static OrtSession create(byte[] model, OrtThreading threading, String optimizationLevel,
                                    boolean exactInt8) {
        try (OrtSession.SessionOptions options = options(threading, optimizationLevel, exactInt8)) {
            return environment(threading).createSession(model, options);
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
