package io.bertstream.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro specific records from Confluent's wire format. The writer's schema is fetched by the
 * id in the frame and resolved to the reader's (the generated class's) schema, so records from an
 * older or newer producer read fine as long as the two schemas are compatible.
 *
 * <p>The reader class is the one given to the constructor, else {@value #SPECIFIC_VALUE_TYPE_CONFIG}
 * / {@value #SPECIFIC_KEY_TYPE_CONFIG}, else the generated class named like the writer's record.
 * Null bytes (a tombstone) read as null.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** Config key: class name of the value reader (Confluent's key of that name). */
    public static final String SPECIFIC_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    /** Config key: class name of the key reader. */
    public static final String SPECIFIC_KEY_TYPE_CONFIG = "specific.avro.key.type";

    /** A reader for one writer schema id. */
    private record Reader<T>(int schemaId, SpecificDatumReader<T> datumReader) {
    }

    private Class<T> type;
    private SchemaRegistry registry;
    private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation: {@link #configure} must be called before use. */
    public ConfluentAvroDeserializer() {
    }

    /** A deserializer to {@code type} that takes its registry from {@link #configure}. */
    public ConfluentAvroDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A deserializer ready to use (a later {@link #configure} keeps {@code registry}). */
    public ConfluentAvroDeserializer(Class<T> type, SchemaRegistry registry) {
        this(type);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Lets a serde share one registry between its serializer and deserializer. */
    void useRegistryIfUnset(SchemaRegistry shared) {
        if (registry == null) {
            registry = shared;
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (type == null) {
            String className = new ConfigValues(configs)
                    .string(isKey ? SPECIFIC_KEY_TYPE_CONFIG : SPECIFIC_VALUE_TYPE_CONFIG, null);
            type = className == null ? null : loadRecordClass(className);
        }
        if (registry == null) {
            registry = SchemaRegistries.fromConfig(configs);
        }
    }

    @SuppressWarnings("unchecked")
    private Class<T> loadRecordClass(String className) {
        try {
            Class<?> loaded = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!SpecificRecord.class.isAssignableFrom(loaded)) {
                throw new ConfigException(className + " is not an Avro SpecificRecord");
            }
            return (Class<T>) loaded;
        } catch (ClassNotFoundException e) {
            throw new ConfigException("Avro record class " + className + " not found on the classpath");
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
        }
        int schemaId = ConfluentWireFormat.schemaId(data);
        Reader<T> reader = readers.get(schemaId);
        if (reader == null) {
            // no computeIfAbsent: building a reader may call the registry over the network
            reader = newReader(topic, schemaId);
            readers.putIfAbsent(schemaId, reader);
        }
        return read(topic, reader, data);
    }

    private T read(String topic, Reader<T> reader, byte[] data) {
        int bodyLength = data.length - ConfluentWireFormat.HEADER_SIZE;
        BoundedBinaryDecoder decoder = BoundedBinaryDecoder.of(data, ConfluentWireFormat.HEADER_SIZE, bodyLength);
        T record;
        int trailing;
        try {
            record = reader.datumReader().read(null, decoder);
            trailing = decoder.remaining();
        } catch (IOException | RuntimeException e) {
            // EOF for a cut body; Avro runtime errors (bad union index, lengths past the end...) for garbage
            throw new SerializationException("Truncated or corrupt Avro body (" + bodyLength + " bytes, schema id "
                    + reader.schemaId() + ", topic '" + topic + "'): " + e, e);
        } catch (StackOverflowError e) {
            // a writer schema may nest a type in itself: the value picks the depth, the thread's stack pays for it
            throw new SerializationException("Avro body nested too deeply to read (" + bodyLength + " bytes, schema id "
                    + reader.schemaId() + ", topic '" + topic + "')");
        }
        if (trailing > 0) {
            throw new SerializationException(trailing + " trailing bytes after the Avro record (schema id "
                    + reader.schemaId() + ", topic '" + topic + "'): wrong schema id or corrupt value");
        }
        return record;
    }

    private Reader<T> newReader(String topic, int schemaId) {
        Schema writer;
        try {
            writer = registry.getById(schemaId);
        } catch (SchemaRegistryException e) {
            String what = e.status() == 404 ? "Unknown schema id " : "Cannot fetch schema id ";
            throw new SerializationException(what + schemaId + " (topic '" + topic + "'): " + e.getMessage(), e);
        }
        Class<T> readerClass = type != null ? type : classOf(writer);
        SpecificData model = SpecificData.getForClass(readerClass);
        Schema readerSchema = model.getSchema(readerClass);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Schema id " + schemaId + " (" + writer.getFullName() + ", topic '" + topic
                    + "') cannot be read as " + readerClass.getName() + ": " + AvroCompatibility.describe(compatibility));
        }
        return new Reader<>(schemaId, new StrictUtf8DatumReader<>(writer, readerSchema, model));
    }

    @SuppressWarnings("unchecked")
    private Class<T> classOf(Schema writer) {
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            throw new SerializationException("No generated Avro class for " + writer.getFullName()
                    + " on the classpath; give the reader class to the deserializer or set " + SPECIFIC_VALUE_TYPE_CONFIG);
        }
        return (Class<T>) generated;
    }
}
