package io.bertstream.topology;

import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * What one buffered entry ends in, computed before anything is written: the records to forward (serialized
 * already, so forwarding cannot fail on a registry), then the store writes, applied only after the records were
 * forwarded. A batch first computes the outcome of every entry, then applies them all: an exception while
 * computing leaves nothing half done, and the task's transaction is aborted rather than committed.
 */
record Outcome(List<Emission> emissions, Runnable storeWrites) {

    /** A record for one sink; {@code deadLetterCode} is set for dead letters. */
    record Emission(String sink, String topic, Record<byte[], byte[]> record, String deadLetterCode) {
    }

    private static final Runnable NOTHING = () -> { };

    static Outcome of(Emission emission, Runnable storeWrites) {
        return new Outcome(List.of(emission), storeWrites);
    }

    static Outcome of(Emission emission) {
        return of(emission, NOTHING);
    }

    /** No record now; only store writes (a question parked until its article comes). */
    static Outcome storeOnly(Runnable storeWrites) {
        return new Outcome(List.of(), storeWrites);
    }
}
