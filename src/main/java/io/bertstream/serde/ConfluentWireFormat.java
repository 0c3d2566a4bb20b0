package io.bertstream.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a serialized value: magic byte {@code 0}, the schema id as a 4-byte
 * big-endian int, then the payload (here Avro binary).
 */
public final class ConfluentWireFormat {

    /** The first byte of every framed value. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** Writes the 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the schema id from a framed value.
     *
     * @throws SerializationException if the value is too short or does not start with the magic byte
     */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Not Confluent wire format: " + data.length
                    + " bytes, but at least " + HEADER_SIZE + " needed (magic byte 0 and a 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            String written = ValueFormatGuess.looksLikeJson(data)
                    ? ": these bytes look like JSON. value.format=avro expects Confluent-framed Avro: produce Avro through "
                    + "the schema registry, or run the service with value.format=json"
                    : " (the bytes look like " + ValueFormatGuess.describe(data) + ")";
            throw new SerializationException("Not Confluent wire format: first byte is " + describe(data[0])
                    + ", expected magic byte 0x00" + written);
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    private static String describe(byte b) {
        String hex = String.format("0x%02X", b & 0xFF);
        // a printable first byte usually means a plain-text payload, e.g. '{' for JSON
        return b >= 0x20 && b < 0x7F ? hex + " ('" + (char) b + "')" : hex;
    }
}
