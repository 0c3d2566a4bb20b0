package io.bertstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Collection;

/** Events as one-line JSON objects with the Avro field names (timestamps in epoch milliseconds). */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventJson() {
    }

    /** {@code {"type": TYPE, ...fields}}; a null record (tombstone) gives {@code {"type": TYPE, "key": KEY, "deleted": true}}. */
    public static String line(String type, String key, SpecificRecord record) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        if (record == null) {
            node.put("key", key);
            node.put("deleted", true);
        } else {
            node.setAll(toJson(record));
        }
        return node.toString();
    }

    public static ObjectNode toJson(SpecificRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof SpecificRecord r) {
            return toJson(r);
        } else if (v instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        } else if (v instanceof Instant t) {
            return NODES.numberNode(t.toEpochMilli());
        } else if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        } else if (v instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        } else {
            return MAPPER.valueToTree(v);
        }
    }
}
