package io.bertstream.serde;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed reads from a Kafka-style config map, whose values may be strings (from properties files)
 * or already typed objects (from code).
 */
final class ConfigValues {

    private final Map<String, ?> config;

    ConfigValues(Map<String, ?> config) {
        this.config = config == null ? Map.of() : config;
    }

    /**
     * The raw value of {@code key}, or of Confluent's {@code schema.registry.}-prefixed form. An empty value is
     * no value: the service's configuration lists every serde key, empty for Confluent's default.
     */
    Object raw(String key) {
        Object value = config.get(key);
        return isBlank(value) ? blankToNull(config.get("schema.registry." + key)) : value;
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static Object blankToNull(Object value) {
        return isBlank(value) ? null : value;
    }

    String string(String key, String defaultValue) {
        Object value = raw(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    boolean bool(String key, boolean defaultValue) {
        String value = string(key, null);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigException(key, value, "expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    long number(String key, long defaultValue) {
        String value = string(key, null);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }

    /** A list given as a collection or as one comma-separated string; empty if absent. */
    List<String> list(String key) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value.toString().split(","));
        return items.stream().map(item -> item.toString().trim()).filter(item -> !item.isEmpty())
                .collect(Collectors.toList());
    }
}
