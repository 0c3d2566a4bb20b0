package io.bertstream.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * Dead-letter records written by the processors themselves (bad content found after deserialisation, model
 * failures, records flushed by a punctuator, where Kafka Streams' own handlers no longer know the source).
 * Header names follow Kafka Streams' KIP-1034 ones so both kinds of dead letter read alike.
 */
public final class DeadLetters {

    public static final String REASON = "__streams.errors.message";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Set when the dead letter had to be sent without the input's bytes: why (the dead-letter topic refused them). */
    public static final String VALUE_DROPPED = "bertstream.dlq.value.dropped";
    /** A short machine-readable reason: empty-body, too-large, undecodable, model-failure, ... (README.md lists them) */
    public static final String REASON_CODE = "bertstream.dlq.reason";

    private DeadLetters() {
    }

    /** Where a dead input came from. */
    public record Source(String topic, int partition, long offset) {
    }

    public static Record<byte[], byte[]> record(byte[] key, byte[] value, long timestamp, Source source,
                                                String reasonCode, String reason, Throwable error) {
        Headers headers = new RecordHeaders();
        put(headers, REASON_CODE, reasonCode);
        put(headers, REASON, reason);
        put(headers, EXCEPTION, error == null ? "" : error.getClass().getName());
        put(headers, TOPIC, source.topic());
        put(headers, PARTITION, String.valueOf(source.partition()));
        put(headers, OFFSET, String.valueOf(source.offset()));
        return new Record<>(key, value, timestamp, headers);
    }

    /**
     * The dead letter without the input's bytes (the key, reason and source headers stay), for a dead-letter topic
     * that refused the whole record: the input is still accounted for, and its source says where to find it.
     */
    static Record<byte[], byte[]> withoutValue(Record<byte[], byte[]> deadLetter, String why) {
        Headers headers = new RecordHeaders(deadLetter.headers().toArray());
        put(headers, VALUE_DROPPED, why);
        return new Record<>(deadLetter.key(), null, deadLetter.timestamp(), headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value as text, or null. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
