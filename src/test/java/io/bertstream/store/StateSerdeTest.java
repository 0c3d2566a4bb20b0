package io.bertstream.store;

import io.bertstream.events.Article;
import io.bertstream.state.ArticleState;
import io.bertstream.text.Sentence;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versioned state: the schema fingerprint in every record, old records read by resolution, unknown ones refused. */
class StateSerdeTest {

    private final StateSerde<ArticleState> serde = new StateSerde<>(ArticleState.class);

    @Test
    void recordsCarryTheSchemaFingerprintAndTheModelAndReadBack() {
        Article article = Article.newBuilder().setId("a1").setBody("One. Two.").build();
        ArticleState state = StoredArticles.of(article, List.of(new Sentence(0, 0, 4, "One.")),
                new float[][]{{0.6f, 0.8f}}, null, "model-x", 5);
        byte[] bytes = serde.serializer().serialize("t", state);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(serde.fingerprint(), ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        ArticleState read = serde.deserializer().deserialize("t", bytes);
        assertEquals("model-x", read.getModel());
        assertTrue(StoredArticles.embeddedBy(read, "model-x"));
        assertFalse(StoredArticles.embeddedBy(read, "model-y"));
        assertArrayEquals(StoredArticles.embeddings(state)[0], StoredArticles.embeddings(read)[0], 1e-6f);
    }

    @Test
    void aRecordWrittenBeforeVersioningReadsWithTheFirstSchemaAndNoModel() throws IOException {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/bertstream/state-schemas/ArticleState.v1.avsc")) {
            v1 = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(v1.getField("model") == null, "v1 has no model field");
        GenericRecord old = new GenericData.Record(v1);
        old.put("articleId", "old");
        old.put("article", null);
        old.put("sentenceStarts", List.of());
        old.put("sentenceEnds", List.of());
        old.put("dimension", 0);
        old.put("embeddings", ByteBuffer.allocate(0));
        old.put("summary", null);
        old.put("updatedAt", 7L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
        encoder.flush();

        ArticleState read = serde.deserializer().deserialize("t", out.toByteArray());
        assertEquals("old", read.getArticleId());
        assertEquals(7L, read.getUpdatedAt());
        assertEquals("", read.getModel(), "no model recorded: its embeddings are computed again before use");
    }

    @Test
    void aRecordOfAnUnknownSchemaIsRefusedNotMisread() {
        byte[] bytes = serde.serializer().serialize("t", StoredArticles.deleted("a1", 1));
        bytes[5] ^= 0x5A; // another fingerprint: a schema this version does not know (a newer service wrote it)
        // its own type: the stream-thread handler stops the instance on it at once instead of looping
        UnknownStateSchemaException e = assertThrows(UnknownStateSchemaException.class,
                () -> serde.deserializer().deserialize("t", bytes));
        assertTrue(e.getMessage().contains("unknown schema"), e.getMessage());
    }

    @Test
    void aRecordOfANewerVersionOfTheSchemaIsRefusedWithItsOwnException() throws IOException {
        // what a newer service writes after adding a field (with a default) to the state schema
        Schema current = ArticleState.getClassSchema();
        String newerJson = current.toString().replaceFirst("\\[", "[{\"name\":\"addedLater\",\"type\":\"int\","
                + "\"default\":0},");
        Schema newer = new Schema.Parser().parse(newerJson);
        ArticleState state = StoredArticles.deleted("a1", 1);
        GenericRecord record = new GenericData.Record(newer);
        for (Schema.Field field : current.getFields()) {
            record.put(field.name(), state.get(field.pos()));
        }
        record.put("addedLater", 42);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(SpecificData.get(), newer).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        UnknownStateSchemaException e = assertThrows(UnknownStateSchemaException.class,
                () -> serde.deserializer().deserialize("t", bytes));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
    }
}
