package io.bertstream.app;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the service before the JVM's shutdown hooks run. ONNX Runtime registers its own hook
 * (OrtEnvironment's closer), and the JVM runs all hooks at once: with only a hook of ours, the ONNX environment
 * was released while a stream thread was still inside an inference (SIGSEGV in libonnxruntime). Here the signal
 * first closes the service (the stream threads finish their batch and commit), then exits with 128 + signal.
 */
final class GracefulStop {

    private GracefulStop() {
    }

    static void install(Runnable stop) {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                stop.run();
                System.exit(128 + signal.getNumber());
            });
        }
    }
}
