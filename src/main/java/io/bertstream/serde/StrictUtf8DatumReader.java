package io.bertstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;

/**
 * A {@link SpecificDatumReader} that rejects strings which are not valid UTF-8. Avro's own decoding replaces
 * malformed bytes with U+FFFD, so a corrupt value would pass as an event with altered text (and offsets into a
 * body nobody sent); here it fails like any other corrupt body.
 *
 * <p>Avro's fast reader decodes strings without this class, so it reads with a copy of the model (same logical
 * type conversions) that has the fast reader off.
 */
final class StrictUtf8DatumReader<T> extends SpecificDatumReader<T> {

    StrictUtf8DatumReader(Schema writer, Schema reader, SpecificData model) {
        super(writer, reader, withoutFastReader(model));
    }

    private static SpecificData withoutFastReader(SpecificData model) {
        SpecificData copy = new SpecificData(model.getClassLoader());
        model.getConversions().forEach(copy::addLogicalTypeConversion);
        copy.setFastReaderEnabled(false);
        return copy;
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
        Utf8 raw = in.readString(null);
        String text = decode(raw);
        Class<?> stringClass = findStringClass(expected);
        if (stringClass == String.class) {
            return text;
        }
        return stringClass == CharSequence.class ? raw : newInstanceFromString(stringClass, text);
    }

    private static String decode(Utf8 raw) {
        try {
            // newDecoder() reports malformed input instead of replacing it
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(raw.getBytes(), 0, raw.getByteLength())).toString();
        } catch (CharacterCodingException e) {
            throw new AvroRuntimeException("String of " + raw.getByteLength() + " bytes is not valid UTF-8: " + e);
        }
    }
}
