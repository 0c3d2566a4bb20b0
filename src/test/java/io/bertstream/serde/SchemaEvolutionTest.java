package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Producers with older or newer schemas than ours. */
class SchemaEvolutionTest {

    private static final Schema NEWER_QUESTION = new Schema.Parser().parse("""
            {"type": "record", "name": "Question", "namespace": "io.bertstream.events", "fields": [
              {"name": "questionId", "type": "string"},
              {"name": "articleId", "type": "string"},
              {"name": "question", "type": "string"},
              {"name": "askedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "language", "type": "string", "default": "en"}]}""");

    private static final Schema OLDER_ARTICLE = new Schema.Parser().parse("""
            {"type": "record", "name": "Article", "namespace": "io.bertstream.events", "fields": [
              {"name": "id", "type": "string"},
              {"name": "body", "type": "string"}]}""");

    private final MockSchemaRegistry registry = new MockSchemaRegistry();

    /** Frames a generic record as another producer would. */
    private byte[] produce(String subject, GenericRecord record) {
        int id = registry.register(subject, record.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ConfluentWireFormat.header(id));
        AvroBinary.write(new GenericDatumWriter<>(record.getSchema()), record, out);
        return out.toByteArray();
    }

    @Test
    void newerWriterWithAnExtraFieldReads() {
        GenericRecord newer = new GenericData.Record(NEWER_QUESTION);
        newer.put("questionId", "q-1");
        newer.put("articleId", "a-1");
        newer.put("question", "What is first?");
        newer.put("askedAt", SampleEvents.T.toEpochMilli());
        newer.put("language", "fr");

        Question read = new ConfluentAvroDeserializer<>(Question.class, registry)
                .deserialize("questions", produce("questions-value", newer));
        assertEquals(SampleEvents.question(), read);
    }

    @Test
    void olderWriterWithoutOptionalFieldsGetsTheDefaults() {
        GenericRecord older = new GenericData.Record(OLDER_ARTICLE);
        older.put("id", "a-9");
        older.put("body", "Body.");

        Article read = new ConfluentAvroDeserializer<>(Article.class, registry)
                .deserialize("articles", produce("articles-value", older));
        assertEquals("a-9", read.getId());
        assertEquals("Body.", read.getBody());
        assertNull(read.getTitle());
        assertNull(read.getPublishedAt());
    }

    @Test
    void anAnswerStatusAddedByANewerWriterReadsAsTheEnumDefault() throws Exception {
        // a newer writer with one more status symbol than ours: our reader maps it to the enum's default
        Schema newer = new Schema.Parser().parse(Answer.getClassSchema().toString()
                .replace("\"ARTICLE_EXPIRED\"]", "\"ARTICLE_EXPIRED\", \"ARTICLE_ARCHIVED\"]"));
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        AvroBinary.write(new SpecificDatumWriter<>(Answer.class), SampleEvents.answer(), ours);
        GenericRecord record = new GenericDatumReader<GenericRecord>(Answer.getClassSchema(), newer)
                .read(null, DecoderFactory.get().binaryDecoder(ours.toByteArray(), null));
        record.put("status", new GenericData.EnumSymbol(newer.getField("status").schema(), "ARTICLE_ARCHIVED"));

        Answer read = new ConfluentAvroDeserializer<>(Answer.class, registry)
                .deserialize("answers", produce("answers-value", record));
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, read.getStatus());
        assertEquals(SampleEvents.answer().getAnswer(), read.getAnswer());
    }

    @Test
    void useLatestVersionWritesInTheLatestSchemaLayout() {
        registry.register("questions-value", NEWER_QUESTION);
        AvroSerdeConfig latest = new AvroSerdeConfig(false, true, SubjectNameStrategy.TOPIC_NAME);
        byte[] bytes = new ConfluentAvroSerializer<Question>(registry, false, latest).serialize("questions", SampleEvents.question());

        assertEquals(1, java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(SampleEvents.question(), new ConfluentAvroDeserializer<>(Question.class, registry).deserialize("questions", bytes));
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
        Schema narrower = new Schema.Parser().parse("""
                {"type": "record", "name": "Question", "namespace": "io.bertstream.events", "fields": [
                  {"name": "questionId", "type": "string"}, {"name": "priority", "type": "int"}]}""");
        registry.register("questions-value", narrower);
        AvroSerdeConfig latest = new AvroSerdeConfig(false, true, SubjectNameStrategy.TOPIC_NAME);
        ConfluentAvroSerializer<Question> serializer = new ConfluentAvroSerializer<>(registry, false, latest);

        String message = assertThrows(SerializationException.class,
                () -> serializer.serialize("questions", SampleEvents.question())).getMessage();
        assertTrue(message.contains("Latest schema of subject 'questions-value' (id 1, version 1) cannot hold"), message);
        assertTrue(message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), message);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaFails() {
        AvroSerdeConfig lookupOnly = new AvroSerdeConfig(false, false, SubjectNameStrategy.TOPIC_NAME);
        ConfluentAvroSerializer<Question> serializer = new ConfluentAvroSerializer<>(registry, false, lookupOnly);

        String message = assertThrows(SerializationException.class,
                () -> serializer.serialize("questions", SampleEvents.question())).getMessage();
        assertTrue(message.contains("subject 'questions-value'") && message.contains("not found"), message);

        registry.register("questions-value", Question.getClassSchema());
        assertEquals(SampleEvents.question(), new ConfluentAvroDeserializer<>(Question.class, registry)
                .deserialize("questions", serializer.serialize("questions", SampleEvents.question())));
    }

    @Test
    void aRecordThatBreaksItsOwnSchemaIsRefused() {
        Question broken = SampleEvents.question();
        broken.setQuestion(null);
        String message = assertThrows(SerializationException.class,
                () -> new ConfluentAvroSerializer<Question>(registry, false).serialize("questions", broken)).getMessage();
        assertTrue(message.contains("Cannot write io.bertstream.events.Question"), message);
    }
}
