package io.bertstream.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of Avro specific records in Confluent's wire format: a {@link ConfluentAvroSerializer}
 * and a {@link ConfluentAvroDeserializer} sharing one registry.
 *
 * <p>In topology code prefer {@link #of(Class, Map, boolean)} or the registry constructor: Kafka
 * Streams does not call {@link #configure} on serdes handed to {@code Consumed}/{@code Produced}.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;
    private final boolean registryFromConfig;

    /** For Kafka's reflective instantiation (e.g. {@code default.value.serde}): {@link #configure} must follow. */
    public ConfluentAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
        this.registryFromConfig = true;
    }

    /** A serde ready to use with {@code registry} and the given options. */
    public ConfluentAvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, AvroSerdeConfig config) {
        this.serializer = new ConfluentAvroSerializer<>(registry, isKey, config);
        this.deserializer = new ConfluentAvroDeserializer<>(type, registry);
        this.registryFromConfig = false;
    }

    /** A serde ready to use with {@code registry} and Confluent's default options. */
    public ConfluentAvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this(type, registry, isKey, AvroSerdeConfig.defaults());
    }

    /**
     * A serde of {@code type} configured from Confluent-style {@code config}: the registry from
     * {@value SchemaRegistries#URL_CONFIG}, the options from {@link AvroSerdeConfig#from}.
     */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> of(Class<T> type, Map<String, ?> config, boolean isKey) {
        return new ConfluentAvroSerde<>(type, SchemaRegistries.fromConfig(config), isKey, AvroSerdeConfig.from(config, isKey));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registryFromConfig) {
            // one client, so one cache, for both directions
            SchemaRegistry shared = SchemaRegistries.fromConfig(configs);
            serializer.useRegistryIfUnset(shared);
            deserializer.useRegistryIfUnset(shared);
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
