package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Values in valid framing that declare more than they hold: each fails as a {@link SerializationException} that
 * says what was declared, before anything of the declared size is allocated; none raises an {@code Error}.
 */
class BoundedDecodingTest {

    private final MockSchemaRegistry registry = new MockSchemaRegistry();

    /** The outcome of reading {@code value}: the record, or the failure's class and message. */
    private <T extends SpecificRecord> String read(Class<T> type, byte[] value) {
        try {
            return "read " + new ConfluentAvroDeserializer<>(type, registry).deserialize("in", value);
        } catch (SerializationException e) {
            return "refused: " + e.getMessage();
        } catch (Throwable e) {
            return "ERROR " + e;
        }
    }

    @Test
    void theTenBytesOfTheIssueAreRefusedWithoutAllocatingTwoGib() {
        int id = registry.register("articles-value", Article.getClassSchema());
        byte[] tenBytes = {0, 0, 0, 0, (byte) id, (byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        String outcome = read(Article.class, tenBytes);
        assertTrue(outcome.startsWith("refused: Truncated or corrupt Avro body (5 bytes"), outcome);
        assertTrue(outcome.contains("a string declares 2147483639 bytes, but only 0 of the 5-byte value are left"),
                outcome);
    }

    @Test
    void aHostileLengthInAnyStringFieldOfArticleOrQuestionIsRefused() {
        List<String> outcomes = new ArrayList<>();
        for (Schema schema : List.of(Article.getClassSchema(), Question.getClassSchema())) {
            Class<? extends SpecificRecord> type = schema.equals(Article.getClassSchema()) ? Article.class : Question.class;
            int id = registry.register(schema.getName(), schema);
            for (String field : HostileAvro.stringFields(schema)) {
                for (long length : HostileAvro.LENGTHS) {
                    String outcome = read(type, HostileAvro.lengthIn(schema, id, field, length));
                    outcomes.add(schema.getName() + "." + field + " " + length + ": " + outcome);
                    assertTrue(outcome.startsWith("refused: Truncated or corrupt Avro body")
                            && outcome.contains("declares " + length + " bytes"), outcome);
                }
            }
        }
        // id, title, body, url of Article; questionId, articleId, question of Question; four lengths each
        assertEquals(7 * HostileAvro.LENGTHS.size(), outcomes.size(), String.join("\n", outcomes));
    }

    @Test
    void hugeArrayAndMapBlockCountsInAWriterOnlyFieldAreRefused() {
        for (String type : List.of(HostileAvro.ARRAY_OF_NULLS, HostileAvro.MAP_OF_NULLS)) {
            Schema writer = HostileAvro.withExtraField(Article.getClassSchema(), "extra", type);
            int id = registry.register("articles-value", writer);
            for (long count : List.of(1L << 62, 100_000_000L, 1_000L)) {
                String outcome = read(Article.class, HostileAvro.withExtra(writer, id, HostileAvro.block(count)));
                assertTrue(outcome.startsWith("refused:") && outcome.contains("block declares " + count + " items"),
                        outcome);
            }
        }
        // a few nulls in a value long enough for them are fine
        Schema writer = HostileAvro.withExtraField(Article.getClassSchema(), "extra", HostileAvro.ARRAY_OF_NULLS);
        byte[] fine = HostileAvro.withExtra(writer, registry.register("articles-value", writer), HostileAvro.block(3));
        assertTrue(read(Article.class, fine).startsWith("read "), read(Article.class, fine));
    }

    @Test
    void deepNestingInAWriterOnlyFieldIsSkippedWithoutRecursion() {
        Schema writer = HostileAvro.withExtraField(Article.getClassSchema(), "extra", HostileAvro.NEST);
        int id = registry.register("articles-value", writer);
        for (int depth : List.of(10, 100_000, 5_000_000)) {
            String outcome = read(Article.class, HostileAvro.withExtra(writer, id, HostileAvro.nested(depth)));
            // skipped by Avro's parser on a stack of its own (heap, in proportion to the bytes), not by recursion
            assertTrue(outcome.startsWith("read {\"id\": \"x\""), depth + ": " + outcome);
        }
    }
}
