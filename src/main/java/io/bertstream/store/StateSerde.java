package io.bertstream.store;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The service's own state records (stores and their changelogs), versioned: Avro single-object encoding, whose
 * header carries the writer schema's fingerprint (CRC-64-AVRO of its parsing form), so a record written by an
 * earlier schema version is read by schema resolution, and one written by an unknown (newer) schema is refused
 * with that fingerprint instead of being misread. The schemas of earlier versions ship in
 * {@code bertstream/state-schemas/NAME.vN.avsc}; records written before versioning (bare Avro, no header) are read
 * with version 1.
 */
public final class StateSerde<T extends SpecificRecord> implements Serde<T> {

    private static final String HISTORY = "/bertstream/state-schemas/";

    private final Schema current;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final SpecificDatumReader<T> unversionedReader;

    public StateSerde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        Schema first = earlierSchema(current.getName(), 1);
        for (int version = 1; earlierSchema(current.getName(), version) != null; version++) {
            decoder.addSchema(earlierSchema(current.getName(), version));
        }
        this.unversionedReader = new SpecificDatumReader<>(first == null ? current : first, current, model);
    }

    private static Schema earlierSchema(String name, int version) {
        try (InputStream in = StateSerde.class.getResourceAsStream(HISTORY + name + ".v" + version + ".avsc")) {
            return in == null ? null : new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state schema " + name + " v" + version, e);
        }
    }

    /** The fingerprint written in the header of every record this serde writes. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(current);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private byte[] write(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write state record " + current.getFullName(), e);
        }
    }

    private T read(byte[] bytes) {
        try {
            if (isVersioned(bytes)) {
                return decoder.decode(bytes);
            }
            return unversionedReader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (MissingSchemaException e) {
            throw new UnknownStateSchemaException("State record " + current.getFullName() + " written with an unknown "
                    + "schema (" + e.getMessage() + "): by a newer version of the service? Refusing to misread it", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read state record " + current.getFullName(), e);
        }
    }

    /**
     * Single-object encoding starts with 0xC3 0x01. No unversioned state record can: each starts with a string
     * length, and those two bytes read as a negative one.
     */
    private static boolean isVersioned(byte[] bytes) {
        return bytes.length >= 10 && (bytes[0] & 0xFF) == 0xC3 && bytes[1] == 0x01;
    }
}
