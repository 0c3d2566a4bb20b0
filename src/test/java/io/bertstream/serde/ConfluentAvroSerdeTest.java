package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bertstream.events.Article;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfluentAvroSerdeTest {

    private final MockSchemaRegistry registry = new MockSchemaRegistry();

    @Test
    void framesAvroBinaryAfterMagicByteAndBigEndianId() throws Exception {
        // push the id past one byte so that the byte order shows
        for (int i = 0; i < 300; i++) {
            registry.register("filler", org.apache.avro.Schema.createFixed("F" + i, null, "x", 1));
        }
        Article article = SampleEvents.article();
        byte[] bytes = new ConfluentAvroSerializer<Article>(registry, false).serialize("articles", article);

        int id = registry.getId("articles-value", Article.getClassSchema());
        assertEquals(301, id);
        assertEquals(0, bytes[0]);
        assertArrayEquals(new byte[] {0, 0, 1, 45}, Arrays.copyOfRange(bytes, 1, 5));
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertArrayEquals(avroBinary(article), Arrays.copyOfRange(bytes, 5, bytes.length));
    }

    private static byte[] avroBinary(Article article) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Article.class).write(article, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static Stream<SpecificRecord> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsEveryEventClass(SpecificRecord event) {
        @SuppressWarnings("unchecked")
        Class<SpecificRecord> type = (Class<SpecificRecord>) event.getClass();
        ConfluentAvroSerde<SpecificRecord> serde = new ConfluentAvroSerde<>(type, registry, false);
        byte[] bytes = serde.serializer().serialize("events", event);
        assertEquals(event, serde.deserializer().deserialize("events", bytes));
    }

    @Test
    void readsTheClassNamedByTheWriterSchemaWithoutAType() {
        byte[] bytes = new ConfluentAvroSerializer<Article>(registry, false).serialize("articles", SampleEvents.article());
        ConfluentAvroDeserializer<Article> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.useRegistryIfUnset(registry);
        assertEquals(SampleEvents.article(), deserializer.deserialize("articles", bytes));
    }

    @Test
    void nullIsATombstoneBothWays() {
        ConfluentAvroSerde<Article> serde = new ConfluentAvroSerde<>(Article.class, registry, false);
        assertNull(serde.serializer().serialize("articles", null));
        assertNull(serde.deserializer().deserialize("articles", null));
    }

    @Test
    void configuresFromConfluentKeysAsKafkaDoes() {
        Map<String, Object> config = Map.of(SchemaRegistries.URL_CONFIG, "mock://serde-config-test",
                ConfluentAvroDeserializer.SPECIFIC_KEY_TYPE_CONFIG, Article.class.getName());
        try (ConfluentAvroSerde<Article> serde = new ConfluentAvroSerde<>()) {
            serde.configure(config, true);
            byte[] bytes = serde.serializer().serialize("articles", SampleEvents.article());
            assertEquals(SampleEvents.article(), serde.deserializer().deserialize("articles", bytes));
            assertEquals(1, MockSchemaRegistry.forScope("serde-config-test").latest("articles-key").version());
        } finally {
            MockSchemaRegistry.dropScope("serde-config-test");
        }
    }

    @Test
    void factoryBuildsAReadySerdeFromConfig() {
        Map<String, Object> config = Map.of(SchemaRegistries.URL_CONFIG, "mock://serde-factory-test",
                SubjectNameStrategy.VALUE_CONFIG, "RecordNameStrategy");
        try {
            ConfluentAvroSerde<Article> serde = ConfluentAvroSerde.of(Article.class, config, false);
            byte[] bytes = serde.serializer().serialize("articles", SampleEvents.article());
            assertEquals(SampleEvents.article(), serde.deserializer().deserialize("articles", bytes));
            assertEquals(1, MockSchemaRegistry.forScope("serde-factory-test").latest("io.bertstream.events.Article").id());
        } finally {
            MockSchemaRegistry.dropScope("serde-factory-test");
        }
    }
}
