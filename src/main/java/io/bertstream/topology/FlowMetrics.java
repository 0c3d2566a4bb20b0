package io.bertstream.topology;

/**
 * What flows through the topology, reported by the processors as it happens: records read per input topic,
 * records written per output topic with their end-to-end latency, and dead letters by reason code. The
 * topology knows only this interface; the service binds it to its metrics registry. Implementations must be
 * thread-safe (all stream threads share one).
 */
public interface FlowMetrics {

    /** Reports nothing: for tests and tools that do not expose metrics. */
    FlowMetrics NONE = new FlowMetrics() {
        @Override
        public void received(String topic) {
        }

        @Override
        public void emitted(String topic, long latencyMs) {
        }

        @Override
        public void deadLettered(String reasonCode) {
        }
    };

    /** A record was read from {@code topic}. */
    void received(String topic);

    /**
     * A record was written to {@code topic}; {@code latencyMs} is the wall-clock time since the input event's
     * timestamp (its end-to-end latency).
     */
    void emitted(String topic, long latencyMs);

    /** A record went to the dead-letter topic with this reason code ({@link DeadLetters#REASON_CODE}). */
    void deadLettered(String reasonCode);
}
