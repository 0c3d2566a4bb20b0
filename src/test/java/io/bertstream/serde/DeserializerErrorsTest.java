package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every way a value can fail to deserialize says what is wrong with it. */
class DeserializerErrorsTest {

    private final MockSchemaRegistry registry = new MockSchemaRegistry();
    private final ConfluentAvroDeserializer<Article> deserializer = new ConfluentAvroDeserializer<>(Article.class, registry);

    private byte[] article() {
        return new ConfluentAvroSerializer<Article>(registry, false).serialize("articles", SampleEvents.article());
    }

    private String failure(byte[] data) {
        return assertThrows(SerializationException.class, () -> deserializer.deserialize("articles", data)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void tooShortForTheHeader() {
        assertMentions(failure(new byte[] {0, 0, 1}), "Not Confluent wire format", "3 bytes", "at least 5");
        assertMentions(failure(new byte[0]), "0 bytes");
    }

    @Test
    void wrongMagicByteIsNamed() {
        assertMentions(failure("{\"id\": \"a-1\"}".getBytes(StandardCharsets.UTF_8)),
                "first byte is 0x7B ('{')", "expected magic byte 0x00");
        assertMentions(failure(new byte[] {(byte) 0xC3, 0, 0, 0, 1, 2}), "first byte is 0xC3,");
    }

    @Test
    void jsonBytesInAvroModeSayWhichFormatWasExpectedAndWhichTheyLookLike() {
        String message = failure(new JsonAvroSerde<>(Article.class).serializer().serialize("articles",
                SampleEvents.article()));
        assertMentions(message, "these bytes look like JSON", "value.format=avro expects Confluent-framed Avro",
                "value.format=json");
        assertMentions(failure(new byte[] {(byte) 0xC3, 0, 0, 0, 1, 2}), "look like binary data");
    }

    @Test
    void unknownSchemaId() {
        assertMentions(failure(new byte[] {0, 0, 0, 0, 42, 2}), "Unknown schema id 42", "topic 'articles'", "not found");
    }

    @Test
    void writerSchemaThatCannotBeResolvedToTheReader() {
        byte[] question = new ConfluentAvroSerializer<Question>(registry, false).serialize("questions", SampleEvents.question());
        assertMentions(failure(question), "Schema id 1 (io.bertstream.events.Question", "cannot be read as io.bertstream.events.Article");
    }

    @Test
    void incompatibleFieldTypesAreListed() {
        org.apache.avro.Schema writer = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "Article", "namespace": "io.bertstream.events", "fields": [
                  {"name": "id", "type": "long"}, {"name": "body", "type": "string"}]}""");
        int id = registry.register("articles-value", writer);
        byte[] data = {0, 0, 0, 0, (byte) id, 2, 0};
        assertMentions(failure(data), "cannot be read as io.bertstream.events.Article", "TYPE_MISMATCH", "/fields/0/type");
    }

    @Test
    void truncatedBody() {
        byte[] data = article();
        assertMentions(failure(Arrays.copyOf(data, data.length - 4)), "Truncated or corrupt Avro body", "schema id 1");
    }

    @Test
    void corruptBody() {
        byte[] data = article();
        data[5] = 0x01; // a negative string length in zig-zag encoding
        assertMentions(failure(data), "Truncated or corrupt Avro body");
    }

    @Test
    void trailingBytes() {
        byte[] data = article();
        byte[] longer = Arrays.copyOf(data, data.length + 3);
        assertMentions(failure(longer), "3 trailing bytes after the Avro record", "schema id 1");
    }

    @Test
    void invalidUtf8InAStringIsCorruptNotReplaced() {
        byte[] data = article();
        int at = indexOf(data, "Second".getBytes(StandardCharsets.UTF_8));
        data[at] = (byte) 0xFF; // never valid in UTF-8
        data[at + 1] = (byte) 0xC3; // a lead byte without its continuation
        assertMentions(failure(data), "Truncated or corrupt Avro body", "not valid UTF-8");
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void intactValueStillReads() {
        assertEquals(SampleEvents.article(), deserializer.deserialize("articles", article()));
    }
}
