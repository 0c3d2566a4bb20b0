package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonAvroSerdeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonAvroSerde<Article> articles = new JsonAvroSerde<>(Article.class);

    private Article read(String json) {
        return articles.deserializer().deserialize("articles", json.getBytes(StandardCharsets.UTF_8));
    }

    private String failure(String json) {
        return assertThrows(SerializationException.class, () -> read(json)).getMessage();
    }

    static Stream<SpecificRecord> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsEveryEventClass(SpecificRecord event) {
        @SuppressWarnings("unchecked")
        JsonAvroSerde<SpecificRecord> serde = new JsonAvroSerde<>((Class<SpecificRecord>) event.getClass());
        byte[] json = serde.serializer().serialize("events", event);
        assertEquals(event, serde.deserializer().deserialize("events", json));
    }

    @Test
    void deepNestingAndHugeNumbersAreRefusedByTheParser() {
        String deep = "{\"id\":\"a\",\"body\":\"b\",\"extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertTrue(failure(deep).contains("Document nesting depth (65) exceeds the maximum allowed (64"), failure(deep));
        String huge = "{\"id\":\"a\",\"body\":\"b\",\"publishedAt\":" + "9".repeat(100_000) + "}";
        assertTrue(failure(huge).contains("Number value length (100000) exceeds the maximum allowed (100,"), failure(huge));
    }

    @Test
    void writesPlainJsonShapedLikeTheSchema() throws Exception {
        byte[] bytes = new JsonAvroSerde<>(Answer.class).serializer().serialize("answers", SampleEvents.answer());
        JsonNode expected = JSON.readTree("""
                {"questionId": "q-1", "articleId": "a-1", "question": "What is first?", "answer": "First sentence",
                 "score": 0.875, "start": 0, "end": 14, "status": "ANSWERED", "model": "sentence-similarity:minilm",
                 "alternatives": [{"answer": "Second one", "score": 0.5, "start": 16, "end": 26}],
                 "answeredAt": 1764000000123, "context": "First sentence.", "contextStart": 0, "contextEnd": 15}""");
        assertEquals(expected, JSON.readTree(bytes));
    }

    @Test
    void unionsAreBareValues() throws Exception {
        JsonNode json = JSON.readTree(articles.serializer().serialize("articles", SampleEvents.article()));
        assertEquals("Title é", json.get("title").textValue());
        assertEquals(1764000000123L, json.get("publishedAt").longValue());
        assertEquals(3, json.get("summaryOptions").get("numSentences").intValue());
        assertTrue(json.get("summaryOptions").get("randomState").isIntegralNumber());
    }

    @Test
    void readsPlainJsonFillingDefaultsAndIgnoringUnknownFields() {
        Article article = read("""
                {"id": "a-1", "body": "Text.", "title": "T", "publishedAt": 1764000000123,
                 "summaryOptions": {"numSentences": 2, "algorithm": "gmm"}, "somethingNew": true}""");
        assertEquals(new Article("a-1", "T", "Text.", null, SampleEvents.T,
                new io.bertstream.events.SummaryOptions(2, null, null, null, null, "gmm", null, null, null)), article);
        assertNull(read("{\"id\": \"a\", \"body\": \"b\", \"title\": null}").getTitle());
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertNull(articles.serializer().serialize("articles", null));
        assertNull(articles.deserializer().deserialize("articles", null));
    }

    @Test
    void missingRequiredField() {
        String message = failure("{\"id\": \"a-1\"}");
        assertTrue(message.contains("JSON for io.bertstream.events.Article (topic 'articles') does not fit its schema"), message);
        assertTrue(message.contains("Invalid JSON at $.body: missing required field of io.bertstream.events.Article"), message);
    }

    @Test
    void wrongTypes() {
        assertTrue(failure("{\"id\": 5, \"body\": \"b\"}").contains("$.id: expected string, got number 5"));
        assertTrue(failure("{\"id\": \"a\", \"body\": \"b\", \"publishedAt\": \"yesterday\"}")
                .contains("$.publishedAt: expected [null, long (timestamp-millis)], got string \"yesterday\""));
        assertTrue(failure("{\"id\": \"a\", \"body\": \"b\", \"summaryOptions\": {\"numSentences\": 2.5}}")
                .contains("$.summaryOptions.numSentences: expected [null, int], got number 2.5"));
        assertTrue(failure("{\"id\": \"a\", \"body\": null}").contains("$.body: expected string, got null"));
        assertTrue(failure("[1, 2]").contains("$: expected record io.bertstream.events.Article, got array"));
    }

    @Test
    void unknownEnumSymbol() {
        JsonAvroSerde<Answer> answers = new JsonAvroSerde<>(Answer.class);
        String json = new String(answers.serializer().serialize("answers", SampleEvents.answer()), StandardCharsets.UTF_8)
                .replace("ANSWERED", "MAYBE");
        String message = assertThrows(SerializationException.class,
                () -> answers.deserializer().deserialize("answers", json.getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(message.contains("$.status: expected enum io.bertstream.events.AnswerStatus (symbols: "
                + "[ANSWERED, ARTICLE_NOT_FOUND, NO_ANSWER, ARTICLE_EXPIRED]), got string \"MAYBE\""), message);
    }

    @Test
    void avroBytesInJsonModeSayWhichFormatWasExpectedAndWhichTheyLookLike() {
        // before: Jackson read the leading zero byte as UTF-32 ("Invalid UTF-32 character 0x1116176 ...")
        byte[] avro = new ConfluentAvroSerializer<Article>(new MockSchemaRegistry(), false)
                .serialize("articles", SampleEvents.article());
        String message = assertThrows(SerializationException.class,
                () -> articles.deserializer().deserialize("articles", avro)).getMessage();
        assertTrue(message.startsWith("value.format=json expects a JSON Article (topic 'articles'), but these bytes "
                + "look like Confluent-framed Avro (magic byte 0, schema id "), message);
        assertTrue(message.contains("the producer wrote Avro"), message);
    }

    @Test
    void notJsonAtAll() {
        assertTrue(failure("{\"id\": ").startsWith("Not valid JSON for io.bertstream.events.Article (topic 'articles')"));
        assertTrue(failure("").startsWith("Empty JSON value"));
    }

    @Test
    void aRecordThatBreaksItsSchemaIsNotWritten() {
        Question broken = SampleEvents.question();
        broken.setQuestion(null);
        String message = assertThrows(SerializationException.class,
                () -> new JsonAvroSerde<>(Question.class).serializer().serialize("questions", broken)).getMessage();
        assertTrue(message.contains("$.question: null, but the schema requires string"), message);
    }
}
