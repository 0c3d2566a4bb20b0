package io.bertstream.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of Avro specific records as plain JSON objects (for {@code value.format=json}): the
 * schema's field names, unions as bare values ({@code {"title": "x"}}, not Avro's
 * {@code {"title": {"string": "x"}}}), timestamps as epoch-millis numbers, enums as strings.
 * Incoming JSON is validated against the record's schema; missing optional fields take their
 * defaults. Null bytes read as null (a tombstone). No schema registry is involved.
 *
 * @param <T> the generated record class
 */
public class JsonAvroSerde<T extends SpecificRecord> implements Serde<T> {

    /**
     * Event schemas nest three levels deep and hold no number longer than a double's 17 digits: anything far past
     * that is hostile, refused by the parser before it builds a tree of it (Jackson's defaults allow 1000 levels
     * and 1000 digits). Strings stay bounded by the record's own size, as Kafka delivers it.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .build());

    private final Class<T> type;
    private final Schema schema;
    private final PlainJsonCodec codec;

    /** A serde of {@code type}'s records. */
    public JsonAvroSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.codec = new PlainJsonCodec(model);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : toJson(topic, record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : fromJson(topic, data);
    }

    private byte[] toJson(String topic, T record) {
        try {
            return JSON.writeValueAsBytes(codec.encode(record, schema));
        } catch (IOException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " as JSON for topic '" + topic + "'", e);
        } catch (SerializationException e) {
            throw new SerializationException(schema.getFullName() + " for topic '" + topic + "' does not fit its schema: "
                    + e.getMessage(), e);
        }
    }

    private T fromJson(String topic, byte[] data) {
        if (ValueFormatGuess.looksLikeConfluentAvro(data)) {
            throw new SerializationException("value.format=json expects a JSON " + schema.getName() + " (topic '" + topic
                    + "'), but these bytes look like " + ValueFormatGuess.describe(data) + ": the producer wrote Avro. "
                    + "Produce JSON, or run the service with value.format=avro and the producer's schema registry");
        }
        JsonNode node;
        try {
            node = JSON.readTree(data);
        } catch (IOException e) {
            throw new SerializationException("Not valid JSON for " + schema.getFullName() + " (topic '" + topic + "'): "
                    + e.getMessage().lines().findFirst().orElse("") + " (the bytes look like "
                    + ValueFormatGuess.describe(data) + ")", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new SerializationException("Empty JSON value for " + schema.getFullName() + " (topic '" + topic + "')");
        }
        try {
            return type.cast(codec.decode(node, schema));
        } catch (SerializationException e) {
            throw new SerializationException("JSON for " + schema.getFullName() + " (topic '" + topic + "') does not fit "
                    + "its schema: " + e.getMessage(), e);
        }
    }
}
