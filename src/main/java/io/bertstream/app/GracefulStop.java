package io.bertstream.app;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.function.IntConsumer;

/**
 * SIGTERM and SIGINT stop the service before the JVM's shutdown hooks run. ONNX Runtime registers its own hook
 * (OrtEnvironment's closer), and the JVM runs all hooks at once: with only a hook of ours, the ONNX environment
 * was released while a stream thread was still inside an inference (SIGSEGV in libonnxruntime). Here the signal
 * first closes the service (the stream threads finish their batch and commit), then exits with 128 + signal.
 */
final class GracefulStop {

    private GracefulStop() {
    }

    /** On SIGTERM / SIGINT: {@code stopAndExit} with 128 + the signal's number. */
    static void install(IntConsumer stopAndExit) {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stopAndExit.accept(128 + signal.getNumber()));
        }
    }

    /** Ends the JVM at once, without shutdown hooks (ONNX Runtime's among them), after flushing the logs. */
    static void halt(int status) {
        LoggerFactory.getLogger(GracefulStop.class).error("Halting with status {} without the JVM's shutdown hooks: "
                + "a model may still be inside an inference", status);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop(); // flushes and closes the appenders
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
