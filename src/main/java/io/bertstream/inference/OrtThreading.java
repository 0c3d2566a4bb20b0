package io.bertstream.inference;

/**
 * How ONNX Runtime runs a session's operators on threads.
 *
 * @param threads  intra-op threads (0 = one per core)
 * @param spinning whether idle pool threads spin waiting for work (faster hand-off, but they burn the cores the
 *                 broker, Kafka clients and other sessions need)
 * @param shared   whether sessions share the process's one global pool instead of owning a pool each, so that
 *                 sessions run at the same time (stream thread, HTTP threads) do not oversubscribe the cores
 */
public record OrtThreading(int threads, boolean spinning, boolean shared) {

    /** The service's default: one shared pool, one thread per core, no spinning. */
    public static final OrtThreading DEFAULT = new OrtThreading(0, false, true);

    /** The explicit thread count: {@code threads}, or the number of cores when it is 0. */
    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
