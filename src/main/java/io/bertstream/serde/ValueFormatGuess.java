package io.bertstream.serde;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a value's bytes look like, so that a record written in the other format than {@code value.format} is
 * dead-lettered with a message that says so (a JSON parser reads Avro's leading zero byte as UTF-32, an Avro
 * reader reads '{' as a magic byte: neither names the cause).
 */
final class ValueFormatGuess {

    private ValueFormatGuess() {
    }

    static boolean looksLikeConfluentAvro(byte[] data) {
        return data.length >= ConfluentWireFormat.HEADER_SIZE && data[0] == ConfluentWireFormat.MAGIC_BYTE;
    }

    static boolean looksLikeJson(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return false;
    }

    /** "Confluent-framed Avro (schema id 3)", "JSON", "UTF-8 text" or "binary data". */
    static String describe(byte[] data) {
        if (looksLikeConfluentAvro(data)) {
            return "Confluent-framed Avro (magic byte 0, schema id " + ByteBuffer.wrap(data, 1, 4).getInt() + ")";
        }
        if (looksLikeJson(data)) {
            return "JSON";
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return "UTF-8 text";
        } catch (CharacterCodingException e) {
            return "binary data";
        }
    }
}
