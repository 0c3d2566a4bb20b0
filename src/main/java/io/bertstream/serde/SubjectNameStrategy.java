package io.bertstream.serde;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the serializer names the registry subject of a value's schema, as Confluent's strategies of
 * the same names do.
 */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one lineage per record type, shared by all topics. */
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<full record name>}: several record types per topic. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    /** Config key for the key serializer's strategy. */
    public static final String KEY_CONFIG = "key.subject.name.strategy";
    /** Config key for the value serializer's strategy. */
    public static final String VALUE_CONFIG = "value.subject.name.strategy";

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentName;

    SubjectNameStrategy(String confluentName) {
        this.confluentName = confluentName;
    }

    /** The subject for a value of {@code schema} written to {@code topic}. */
    public abstract String subject(String topic, boolean isKey, Schema schema);

    /**
     * Parses a config value: the short name ({@code TopicNameStrategy}), Confluent's class name
     * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) or the enum constant.
     */
    public static SubjectNameStrategy fromConfig(String key, String value) {
        String name = value.trim();
        if (name.startsWith(CONFLUENT_PACKAGE)) {
            name = name.substring(CONFLUENT_PACKAGE.length());
        }
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.confluentName.equals(name) || strategy.name().equals(name)) {
                return strategy;
            }
        }
        throw new ConfigException(key, value, "supported: " + Arrays.stream(values())
                .map(s -> s.confluentName).collect(Collectors.joining(", ")));
    }
}
