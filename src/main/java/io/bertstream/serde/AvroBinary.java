package io.bertstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Avro binary encoding helpers shared by the serdes. */
final class AvroBinary {

    private AvroBinary() {
    }

    /** Appends the Avro binary encoding of {@code datum} to {@code out}. */
    static <D> void write(DatumWriter<D> writer, D datum, ByteArrayOutputStream out) {
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; kept for the checked signature
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Re-encodes Avro binary written with {@code writer} so that it follows {@code target}, by Avro
     * schema resolution (fields matched by name, defaults filled in, removed fields dropped).
     */
    static void convert(byte[] body, Schema writer, Schema target, ByteArrayOutputStream out) throws IOException {
        // raw GenericData (no logical-type conversions): values pass through as they are encoded
        Object datum = new GenericDatumReader<>(writer, target, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
        write(new GenericDatumWriter<>(target, GenericData.get()), datum, out);
    }
}
