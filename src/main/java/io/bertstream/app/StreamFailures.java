package io.bertstream.app;

import io.bertstream.kafka.KafkaFailures;

import io.bertstream.topology.FlowMetrics;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What to do when a stream thread dies: replace it (its task restarts from the last commit, so a transient
 * fault is retried), unless threads keep failing with nothing written in between. Then the same input fails
 * again and again, and the instance stops its Kafka Streams client: state ERROR, so {@code /health} answers 503
 * and an orchestrator restarts it, instead of a thread-replacement loop behind a healthy status.
 */
final class StreamFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFailures.class);

    private final int unhealthyAfter;
    private final AtomicInteger inARow = new AtomicInteger();

    StreamFailures(int unhealthyAfter) {
        this.unhealthyAfter = unhealthyAfter;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        if (KafkaFailures.isSecurityFailure(exception)) {
            // a new thread would fail the same way, for ever: stop, with one clear error
            LOG.error("{}; stopping", KafkaFailures.describe("Kafka Streams cannot run", exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        int failures = inARow.incrementAndGet();
        if (failures >= unhealthyAfter) {
            LOG.error("Stream thread failed {} times in a row with no output in between; stopping Kafka Streams "
                    + "(health DOWN)", failures, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed ({} in a row); replacing it", failures, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Failures in a row so far. */
    int inARow() {
        return inARow.get();
    }

    /** {@code flow}, with every record written counted as progress (it ends a run of failures). */
    FlowMetrics watching(FlowMetrics flow) {
        return new FlowMetrics() {
            @Override
            public void received(String topic) {
                flow.received(topic);
            }

            @Override
            public void emitted(String topic, long latencyMs) {
                inARow.set(0);
                flow.emitted(topic, latencyMs);
            }

            @Override
            public void deadLettered(String reasonCode) {
                flow.deadLettered(reasonCode);
            }
        };
    }
}
