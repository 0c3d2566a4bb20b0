package io.bertstream.serde;

import java.util.Map;

/**
 * The Confluent serde options this package honours, read from a Kafka config map.
 *
 * @param autoRegister     {@value #AUTO_REGISTER_CONFIG}: register the record's schema (default true)
 * @param useLatestVersion {@value #USE_LATEST_VERSION_CONFIG}: with auto-registration off, write with
 *                         the subject's latest schema (default false)
 * @param subjectStrategy  {@link SubjectNameStrategy#KEY_CONFIG} or {@link SubjectNameStrategy#VALUE_CONFIG}
 *                         (default {@link SubjectNameStrategy#TOPIC_NAME})
 */
public record AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, SubjectNameStrategy subjectStrategy) {

    /** Config key: register the record schema when serializing (default true). */
    public static final String AUTO_REGISTER_CONFIG = "auto.register.schemas";
    /** Config key: write with the subject's latest schema (default false; ignored while auto-registering). */
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";

    /** Confluent's defaults: auto-register, topic name strategy. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(true, false, SubjectNameStrategy.TOPIC_NAME);
    }

    /** Reads the options from a Kafka config map, for the key or the value serde. */
    public static AvroSerdeConfig from(Map<String, ?> config, boolean isKey) {
        ConfigValues values = new ConfigValues(config);
        String strategyKey = isKey ? SubjectNameStrategy.KEY_CONFIG : SubjectNameStrategy.VALUE_CONFIG;
        String strategy = values.string(strategyKey, null);
        return new AvroSerdeConfig(
                values.bool(AUTO_REGISTER_CONFIG, true),
                values.bool(USE_LATEST_VERSION_CONFIG, false),
                strategy == null ? SubjectNameStrategy.TOPIC_NAME : SubjectNameStrategy.fromConfig(strategyKey, strategy));
    }
}
