package io.bertstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Values in valid Confluent framing whose Avro body a hostile producer shaped to cost the reader: a length prefix
 * far past the end of the value in any string field, huge array and map block counts, and deep nesting, the last
 * two in a field the producer added to its own (registered, compatible) writer schema.
 */
public final class HostileAvro {

    /** Lengths a producer may declare: 2^31 - 9 (Avro's largest array), 2 GiB - 1, 2^62 and a negative one. */
    public static final List<Long> LENGTHS = List.of(2_147_483_639L, (long) Integer.MAX_VALUE, 1L << 62, -3L);

    private HostileAvro() {
    }

    /**
     * The names of the string fields of {@code record} (a union of null and string included): the fields a
     * length prefix can lie in.
     */
    public static List<String> stringFields(Schema record) {
        List<String> names = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            if (stringBranch(field.schema()) >= 0) {
                names.add(field.name());
            }
        }
        return names;
    }

    /**
     * A value of {@code record} (registered as {@code schemaId}) that is valid up to {@code field}, whose length
     * prefix then declares {@code declared} bytes, followed by a few bytes only.
     */
    public static byte[] lengthIn(Schema record, int schemaId, String field, long declared) {
        return framed(schemaId, out -> {
            for (Schema.Field f : record.getFields()) {
                if (f.name().equals(field)) {
                    int branch = stringBranch(f.schema());
                    if (f.schema().getType() == Schema.Type.UNION) {
                        out.writeIndex(branch);
                    }
                    out.writeLong(declared);
                    out.writeFixed(new byte[] {'a', 'b', 'c'});
                    return;
                }
                writeSmall(f.schema(), out);
            }
            throw new IllegalArgumentException(record.getName() + " has no field " + field);
        });
    }

    /** {@code record} with one more field, {@code name} of the schema {@code typeJson}, written after the others. */
    public static Schema withExtraField(Schema record, String name, String typeJson) {
        String json = record.toString();
        String field = ",{\"name\":\"" + name + "\",\"type\":" + typeJson + "}]";
        int end = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, end) + field + json.substring(end + 1));
    }

    /** An array of nulls: a value of the writer schema {@code withExtraField(record, "x", ARRAY_OF_NULLS)}. */
    public static final String ARRAY_OF_NULLS = "{\"type\":\"array\",\"items\":\"null\"}";
    /** A map of nulls. */
    public static final String MAP_OF_NULLS = "{\"type\":\"map\",\"values\":\"null\"}";
    /** A record that nests itself. */
    public static final String NEST = "{\"type\":\"record\",\"name\":\"Nest\",\"fields\":"
            + "[{\"name\":\"next\",\"type\":[\"null\",\"Nest\"]}]}";

    /**
     * A value of {@code writer} (the record with an extra last field), small and valid in every field before
     * the extra one, which is {@code extra} as written.
     */
    public static byte[] withExtra(Schema writer, int schemaId, byte[] extra) {
        return framed(schemaId, out -> {
            List<Schema.Field> fields = writer.getFields();
            for (int i = 0; i < fields.size() - 1; i++) {
                writeSmall(fields.get(i).schema(), out);
            }
            out.writeFixed(extra);
        });
    }

    /** One block of {@code count} items (zero-size items: nothing follows) then the end of the collection. */
    public static byte[] block(long count) {
        return bytes(out -> {
            out.writeLong(count);
            out.writeLong(0);
        });
    }

    /** {@link #NEST} nested {@code depth} times. */
    public static byte[] nested(int depth) {
        byte[] value = new byte[depth + 1];
        java.util.Arrays.fill(value, 0, depth, (byte) 2); // union index 1 (Nest), zig-zag
        return value; // the last byte 0: union index 0 (null)
    }

    private interface Body {
        void write(BinaryEncoder out) throws IOException;
    }

    private static byte[] framed(int schemaId, Body body) {
        byte[] avro = bytes(body);
        return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(schemaId).put(avro).array();
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A short valid value of {@code schema}: "x", 1, false, or a union's first branch. */
    private static void writeSmall(Schema schema, BinaryEncoder out) throws IOException {
        switch (schema.getType()) {
            case UNION -> {
                out.writeIndex(0);
                writeSmall(schema.getTypes().get(0), out);
            }
            case STRING -> out.writeString("x");
            case LONG -> out.writeLong(1);
            case INT -> out.writeInt(1);
            case BOOLEAN -> out.writeBoolean(false);
            case NULL -> out.writeNull();
            default -> throw new IllegalArgumentException("no small value for " + schema);
        }
    }

    private static int stringBranch(Schema schema) {
        if (schema.getType() == Schema.Type.STRING) {
            return 0;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (int i = 0; i < schema.getTypes().size(); i++) {
                if (schema.getTypes().get(i).getType() == Schema.Type.STRING) {
                    return i;
                }
            }
        }
        return -1;
    }
}
