package io.bertstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in Confluent's wire format: magic byte {@code 0}, the schema's
 * registry id (4 bytes, big-endian), then the Avro binary body.
 *
 * <p>Configured with Confluent's keys: {@value SchemaRegistries#URL_CONFIG} (when no registry is
 * given to the constructor), {@value AvroSerdeConfig#AUTO_REGISTER_CONFIG},
 * {@value AvroSerdeConfig#USE_LATEST_VERSION_CONFIG}, {@value SubjectNameStrategy#KEY_CONFIG} /
 * {@value SubjectNameStrategy#VALUE_CONFIG}, and the registry client's keys.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistry registry;
    private AvroSerdeConfig config = AvroSerdeConfig.defaults();
    private boolean isKey;

    /** For Kafka's reflective instantiation: {@link #configure} must be called before use. */
    public ConfluentAvroSerializer() {
    }

    /** A serializer ready to use, with the given options (a later {@link #configure} keeps {@code registry}). */
    public ConfluentAvroSerializer(SchemaRegistry registry, boolean isKey, AvroSerdeConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A serializer ready to use, with Confluent's default options. */
    public ConfluentAvroSerializer(SchemaRegistry registry, boolean isKey) {
        this(registry, isKey, AvroSerdeConfig.defaults());
    }

    /** Lets a serde share one registry between its serializer and deserializer. */
    void useRegistryIfUnset(SchemaRegistry shared) {
        if (registry == null) {
            registry = shared;
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = AvroSerdeConfig.from(configs, isKey);
        if (registry == null) {
            registry = SchemaRegistries.fromConfig(configs);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        String subject = config.subjectStrategy().subject(topic, isKey, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (config.autoRegister()) {
                writeFramed(registry.register(subject, schema), record, out);
            } else if (config.useLatestVersion()) {
                writeWithLatest(registry.latest(subject), subject, record, out);
            } else {
                writeFramed(registry.getId(subject, schema), record, out);
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            // Avro's way of saying the record does not fit its schema, e.g. null in a required field
            throw new SerializationException("Cannot write " + schema.getFullName() + " for topic '" + topic
                    + "' as Avro: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void writeFramed(int schemaId, T record, ByteArrayOutputStream out) {
        out.writeBytes(ConfluentWireFormat.header(schemaId));
        AvroBinary.write(writerFor(record), record, out);
    }

    /** Writes {@code record} in the layout of the subject's latest schema, which may differ from its own. */
    private void writeWithLatest(RegisteredSchema latest, String subject, T record, ByteArrayOutputStream out) {
        Schema own = record.getSchema();
        if (latest.schema().equals(own)) {
            writeFramed(latest.id(), record, out);
            return;
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), own);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Latest schema of subject '" + subject + "' (id " + latest.id()
                    + ", version " + latest.version() + ") cannot hold a " + own.getFullName() + ": "
                    + AvroCompatibility.describe(compatibility));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        AvroBinary.write(writerFor(record), record, body);
        out.writeBytes(ConfluentWireFormat.header(latest.id()));
        try {
            AvroBinary.convert(body.toByteArray(), own, latest.schema(), out);
        } catch (IOException e) {
            throw new SerializationException("Cannot convert " + own.getFullName() + " to the latest schema of subject '"
                    + subject + "': " + e.getMessage(), e);
        }
    }

    private SpecificDatumWriter<T> writerFor(T record) {
        // the class's own SpecificData knows its logical-type conversions (timestamp-millis as Instant)
        return new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(record.getClass()));
    }
}
