package io.bertstream.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A dead letter as one JSON line for {@code tail --topic enrichment-dlq}: the reason code and message, where the
 * input came from, and its value as text when it is text (JSON events, plain text), else as base64 (Avro).
 */
final class DeadLetterJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DeadLetterJson() {
    }

    static String line(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        ObjectNode node = NODES.objectNode();
        node.put("type", "dead-letter");
        node.put("reason", DeadLetters.header(headers, DeadLetters.REASON_CODE));
        node.put("message", DeadLetters.header(headers, DeadLetters.REASON));
        node.put("exception", DeadLetters.header(headers, DeadLetters.EXCEPTION));
        ObjectNode source = node.putObject("source");
        source.put("topic", DeadLetters.header(headers, DeadLetters.TOPIC));
        putNumber(source, "partition", DeadLetters.header(headers, DeadLetters.PARTITION));
        putNumber(source, "offset", DeadLetters.header(headers, DeadLetters.OFFSET));
        node.put("key", record.key());
        byte[] value = record.value();
        if (value == null) {
            node.putNull("value");
            String dropped = DeadLetters.header(headers, DeadLetters.VALUE_DROPPED);
            if (dropped != null) {
                node.put("valueDropped", dropped);
            }
        } else {
            String text = asText(value);
            if (text != null) {
                node.put("value", text);
            } else {
                node.put("valueBase64", Base64.getEncoder().encodeToString(value));
            }
            node.put("valueBytes", value.length);
        }
        node.put("dlqPartition", record.partition());
        node.put("dlqOffset", record.offset());
        return node.toString();
    }

    private static void putNumber(ObjectNode node, String field, String value) {
        try {
            node.put(field, Long.parseLong(value));
        } catch (NumberFormatException | NullPointerException e) {
            node.put(field, value);
        }
    }

    /** The bytes as a string when they are valid UTF-8 without control characters other than white space. */
    private static String asText(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        boolean printable = text.chars().allMatch(ch -> ch >= 0x20 || ch == '\n' || ch == '\r' || ch == '\t');
        return printable ? text : null;
    }
}
