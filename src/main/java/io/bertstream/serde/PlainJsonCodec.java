package io.bertstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Converts Avro data to and from plain JSON shaped like the schema: objects with the field names,
 * union values without Avro's {@code {"type": value}} wrapper, logical types as their raw Avro
 * value (timestamp-millis as epoch millis), enums as their symbols, bytes and fixed as base64.
 *
 * <p>Decoding validates against the schema: a missing field without default, a wrong JSON type or
 * an unknown enum symbol fails with a {@link SerializationException} naming the JSON path. Fields
 * the schema does not know are ignored, as Avro schema resolution ignores them.
 */
final class PlainJsonCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GenericData model;

    /** @param model the data model whose records and logical-type conversions to use (e.g. a class's SpecificData) */
    PlainJsonCodec(GenericData model) {
        this.model = model;
    }

    JsonNode encode(Object datum, Schema schema) {
        return encode(datum, schema, "$");
    }

    Object decode(JsonNode node, Schema schema) {
        return decode(node, schema, "$");
    }

    private JsonNode encode(Object datum, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            try {
                return encode(datum, schema.getTypes().get(model.resolveUnion(schema, datum)), path);
            } catch (UnresolvedUnionException e) {
                throw invalid(path, "value " + datum + " fits none of " + schema.getTypes());
            }
        }
        if (datum == null) {
            if (schema.getType() == Schema.Type.NULL) {
                return NODES.nullNode();
            }
            throw invalid(path, "null, but the schema requires " + describe(schema));
        }
        Object raw = toRaw(datum, schema);
        try {
            return encodeRaw(raw, schema, path);
        } catch (ClassCastException e) {
            throw invalid(path, raw.getClass().getSimpleName() + " " + raw + ", but the schema requires " + describe(schema));
        }
    }

    private JsonNode encodeRaw(Object raw, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD:
                IndexedRecord record = (IndexedRecord) raw;
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), encode(record.get(field.pos()), field.schema(), path + "." + field.name()));
                }
                return object;
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                for (Object item : (Collection<?>) raw) {
                    array.add(encode(item, schema.getElementType(), path + "[" + index++ + "]"));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) raw).entrySet()) {
                    String key = entry.getKey().toString();
                    map.set(key, encode(entry.getValue(), schema.getValueType(), path + "." + key));
                }
                return map;
            case STRING:
                return NODES.textNode(((CharSequence) raw).toString());
            case ENUM:
                return NODES.textNode(raw.toString());
            case BYTES:
                return NODES.textNode(base64(((ByteBuffer) raw).duplicate()));
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) raw).bytes()));
            case INT:
                return NODES.numberNode((Integer) raw);
            case LONG:
                return NODES.numberNode((Long) raw);
            case FLOAT:
                return NODES.numberNode((Float) raw);
            case DOUBLE:
                return NODES.numberNode((Double) raw);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) raw);
            default:
                throw invalid(path, "non-null value for null schema");
        }
    }

    private Object toRaw(Object datum, Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        Conversion<?> conversion = logicalType == null ? null : model.getConversionByClass(datum.getClass(), logicalType);
        return conversion == null ? datum : Conversions.convertToRawType(datum, schema, logicalType, conversion);
    }

    private static String base64(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private Object decode(JsonNode node, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            return decodeUnion(node, schema, path);
        }
        Object raw = decodeRaw(node, schema, path);
        LogicalType logicalType = schema.getLogicalType();
        Conversion<?> conversion = logicalType == null ? null : model.getConversionFor(logicalType);
        return conversion == null ? raw : Conversions.convertToLogicalType(raw, schema, logicalType, conversion);
    }

    private Object decodeUnion(JsonNode node, Schema union, String path) {
        for (Schema branch : union.getTypes()) {
            // the first branch the value fits wins, as for an Avro default; nulls only fit "null"
            if (fits(node, branch)) {
                return decode(node, branch, path);
            }
        }
        throw mismatch(path, union, node);
    }

    private static boolean fits(JsonNode node, Schema schema) {
        switch (schema.getType()) {
            case NULL:
                return node.isNull();
            case BOOLEAN:
                return node.isBoolean();
            case INT:
                return node.isIntegralNumber() && node.canConvertToInt();
            case LONG:
                return node.isIntegralNumber() && node.canConvertToLong();
            case FLOAT:
            case DOUBLE:
                return node.isNumber();
            case STRING:
            case BYTES:
            case FIXED:
                return node.isTextual();
            case ENUM:
                return node.isTextual() && schema.hasEnumSymbol(node.textValue());
            case ARRAY:
                return node.isArray();
            case RECORD:
            case MAP:
                return node.isObject();
            default:
                return false;
        }
    }

    private Object decodeRaw(JsonNode node, Schema schema, String path) {
        if (!fits(node, schema)) {
            throw mismatch(path, schema, node);
        }
        switch (schema.getType()) {
            case RECORD:
                return decodeRecord(node, schema, path);
            case ARRAY:
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(decode(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return items;
            case MAP:
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), decode(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
                }
                return map;
            case STRING:
                return node.textValue();
            case ENUM:
                return model.createEnum(node.textValue(), schema);
            case BYTES:
                return ByteBuffer.wrap(fromBase64(node, path));
            case FIXED:
                byte[] bytes = fromBase64(node, path);
                if (bytes.length != schema.getFixedSize()) {
                    throw invalid(path, bytes.length + " bytes, but " + schema.getFullName() + " has " + schema.getFixedSize());
                }
                return model.createFixed(null, bytes, schema);
            case INT:
                return node.intValue();
            case LONG:
                return node.longValue();
            case FLOAT:
                return node.floatValue();
            case DOUBLE:
                return node.doubleValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return null;
        }
    }

    private Object decodeRecord(JsonNode node, Schema schema, String path) {
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value != null) {
                record.put(field.pos(), decode(value, field.schema(), fieldPath));
            } else if (field.hasDefaultValue()) {
                record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
            } else {
                throw invalid(fieldPath, "missing required field of " + schema.getFullName()
                        + " (" + describe(field.schema()) + ", no default)");
            }
        }
        return record;
    }

    private static byte[] fromBase64(JsonNode node, String path) {
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid(path, "expected base64, got " + abbreviate(node));
        }
    }

    private static SerializationException mismatch(String path, Schema schema, JsonNode node) {
        String got = node.getNodeType().toString().toLowerCase() + " " + abbreviate(node);
        String hint = schema.getType() == Schema.Type.ENUM && node.isTextual() ? " (symbols: " + schema.getEnumSymbols() + ")" : "";
        return invalid(path, "expected " + describe(schema) + hint + ", got " + got);
    }

    private static String describe(Schema schema) {
        switch (schema.getType()) {
            case UNION:
                return schema.getTypes().stream().map(PlainJsonCodec::describe).toList().toString();
            case RECORD:
            case ENUM:
            case FIXED:
                return schema.getType().getName() + " " + schema.getFullName();
            default:
                LogicalType logicalType = schema.getLogicalType();
                return schema.getType().getName() + (logicalType == null ? "" : " (" + logicalType.getName() + ")");
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static SerializationException invalid(String path, String problem) {
        return new SerializationException("Invalid JSON at " + path + ": " + problem);
    }
}
