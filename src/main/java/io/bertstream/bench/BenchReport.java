package io.bertstream.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures, in the order they were measured; printed as one JSON object or as a table. */
public final class BenchReport {

    private final Map<String, Object> values = new LinkedHashMap<>();

    BenchReport put(String key, Object value) {
        values.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    BenchReport putThroughput(String name, Throughput t) {
        return put(name + "_sentences_per_s", t.sentencesPerSecond()).put(name + "_tokens_per_s", t.tokensPerSecond());
    }

    /** An unmodifiable view of the figures. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One figure per line, key and value aligned. */
    public String toTable() {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder table = new StringBuilder();
        values.forEach((key, value) -> table.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", key,
                value instanceof Double d ? String.format(Locale.ROOT, "%,.3f", d) : value)));
        return table.toString();
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10000) / 10000.0 : value;
    }
}
