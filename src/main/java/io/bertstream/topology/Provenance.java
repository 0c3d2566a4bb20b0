package io.bertstream.topology;

import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Which input an output record answers, as headers on the record. Consumers can trace an output to its input;
 * the production exception handler uses it to tell which input to dead-letter when a topic refuses the output.
 */
public final class Provenance {

    public static final String TOPIC = "bertstream.source.topic";
    public static final String PARTITION = "bertstream.source.partition";
    public static final String OFFSET = "bertstream.source.offset";

    private Provenance() {
    }

    public static void stamp(Headers headers, DeadLetters.Source source) {
        put(headers, TOPIC, source.topic());
        put(headers, PARTITION, String.valueOf(source.partition()));
        put(headers, OFFSET, String.valueOf(source.offset()));
    }

    /** The input an output record answers, or null when it carries no provenance. */
    public static DeadLetters.Source of(Headers headers) {
        return read(headers, TOPIC, PARTITION, OFFSET);
    }

    /** The input a dead letter holds (from its KIP-1034 headers), or null. */
    public static DeadLetters.Source ofDeadLetter(Headers headers) {
        return read(headers, DeadLetters.TOPIC, DeadLetters.PARTITION, DeadLetters.OFFSET);
    }

    private static DeadLetters.Source read(Headers headers, String topic, String partition, String offset) {
        String t = DeadLetters.header(headers, topic);
        String p = DeadLetters.header(headers, partition);
        String o = DeadLetters.header(headers, offset);
        if (t == null || p == null || o == null) {
            return null;
        }
        try {
            return new DeadLetters.Source(t, Integer.parseInt(p), Long.parseLong(o));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
