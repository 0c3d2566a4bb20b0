package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP client and the serde against a real Confluent-compatible registry (Apicurio, ~5 s to start). */
class ApicurioRegistryTest {

    private static ApicurioRegistryProcess apicurio;

    @BeforeAll
    static void startRegistry() throws Exception {
        apicurio = ApicurioRegistryProcess.start();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    private static SchemaRegistry client() {
        return SchemaRegistries.fromConfig(Map.of(SchemaRegistries.URL_CONFIG, apicurio.url()));
    }

    @Test
    void registersAndLooksUpBothWays() {
        SchemaRegistry registry = client();
        int id = registry.register("registry-test-value", Question.getClassSchema());
        assertEquals(id, registry.register("registry-test-value", Question.getClassSchema()));
        assertEquals(id, registry.register("registry-test-copy-value", Question.getClassSchema()));

        // a fresh client has no cache: these answers come from the registry
        SchemaRegistry fresh = client();
        assertEquals(Question.getClassSchema(), fresh.getById(id));
        assertEquals(id, fresh.getId("registry-test-value", Question.getClassSchema()));
        RegisteredSchema latest = fresh.latest("registry-test-value");
        assertEquals(new RegisteredSchema(id, 1, Question.getClassSchema()), latest);
    }

    @Test
    void latestFollowsNewVersions() {
        Schema v1 = new Schema.Parser().parse("""
                {"type": "record", "name": "Note", "fields": [{"name": "text", "type": "string"}]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type": "record", "name": "Note", "fields": [{"name": "text", "type": "string"},
                  {"name": "lang", "type": "string", "default": "en"}]}""");
        SchemaRegistry registry = client();
        registry.register("notes-value", v1);
        int id2 = registry.register("notes-value", v2);
        assertEquals(new RegisteredSchema(id2, 2, v2), registry.latest("notes-value"));
    }

    @Test
    void errorsCarryTheRegistryAnswer() {
        SchemaRegistryException unknownId = assertThrows(SchemaRegistryException.class, () -> client().getById(987654));
        assertEquals(404, unknownId.status());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, unknownId.errorCode());
        assertTrue(unknownId.getMessage().contains(apicurio.url() + "/schemas/ids/987654"), unknownId.getMessage());

        SchemaRegistryException unknownSubject = assertThrows(SchemaRegistryException.class,
                () -> client().latest("no-such-subject"));
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, unknownSubject.errorCode());
    }

    @Test
    void serdeRoundTripsThroughTheRegistry() {
        Map<String, Object> config = Map.of(SchemaRegistries.URL_CONFIG, apicurio.url());
        ConfluentAvroSerde<Article> producer = ConfluentAvroSerde.of(Article.class, config, false);
        ConfluentAvroSerde<Article> consumer = ConfluentAvroSerde.of(Article.class, config, false);
        byte[] bytes = producer.serializer().serialize("apicurio-articles", SampleEvents.article());

        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertEquals(id, client().latest("apicurio-articles-value").id());
        assertEquals(SampleEvents.article(), consumer.deserializer().deserialize("apicurio-articles", bytes));

        ConfluentAvroSerde<Answer> answers = ConfluentAvroSerde.of(Answer.class, config, false);
        byte[] answer = answers.serializer().serialize("apicurio-answers", SampleEvents.answer());
        assertEquals(SampleEvents.answer(), answers.deserializer().deserialize("apicurio-answers", answer));
    }
}
