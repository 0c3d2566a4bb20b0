package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bertstream.events.Article;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

    @ParameterizedTest
    @CsvSource({
        "TopicNameStrategy, false, articles-value",
        "TopicNameStrategy, true, articles-key",
        "RecordNameStrategy, false, io.bertstream.events.Article",
        "TopicRecordNameStrategy, true, articles-io.bertstream.events.Article",
    })
    void namesSubjectsAsConfluentDoes(String name, boolean isKey, String subject) {
        SubjectNameStrategy strategy = SubjectNameStrategy.fromConfig("k", name);
        assertEquals(subject, strategy.subject("articles", isKey, Article.getClassSchema()));
    }

    @ParameterizedTest
    @CsvSource({
        "io.confluent.kafka.serializers.subject.TopicNameStrategy, TOPIC_NAME",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy, RECORD_NAME",
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, TOPIC_RECORD_NAME",
        "TOPIC_RECORD_NAME, TOPIC_RECORD_NAME",
    })
    void acceptsConfluentClassNames(String value, SubjectNameStrategy expected) {
        assertEquals(expected, SubjectNameStrategy.fromConfig("k", value));
    }

    @Test
    void rejectsUnknownStrategiesListingTheSupportedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SubjectNameStrategy.fromConfig(SubjectNameStrategy.VALUE_CONFIG, "com.acme.MyStrategy"));
        assertEquals("Invalid value com.acme.MyStrategy for configuration value.subject.name.strategy: "
                + "supported: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy", e.getMessage());
    }

    @Test
    void serializerRegistersUnderTheConfiguredSubject() {
        MockSchemaRegistry registry = new MockSchemaRegistry();
        ConfluentAvroSerializer<Article> serializer = new ConfluentAvroSerializer<>(registry, false);
        serializer.configure(Map.of(SubjectNameStrategy.KEY_CONFIG, "RecordNameStrategy",
                SubjectNameStrategy.VALUE_CONFIG, "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"), false);
        serializer.serialize("articles", SampleEvents.article());

        assertEquals(1, registry.latest("articles-io.bertstream.events.Article").id());
        assertThrows(SchemaRegistryException.class, () -> registry.latest("io.bertstream.events.Article"));
    }
}
