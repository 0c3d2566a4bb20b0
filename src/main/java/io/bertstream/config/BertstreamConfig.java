package io.bertstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's configuration: the documented defaults ({@code config/application.properties}, built into the
 * jar), overlaid by an optional file, then by {@code BERTSTREAM_*} environment variables, then by
 * {@code --set key=value}. Immutable.
 */
public final class BertstreamConfig {

    public static final String ENV_PREFIX = "BERTSTREAM_";
    private static final Logger LOG = LoggerFactory.getLogger(BertstreamConfig.class);
    private static final String DEFAULTS = "bertstream/application.properties";

    private final Map<String, String> values;

    private BertstreamConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Defaults, then the file (if any), then the environment, then the overrides. A key of the file or the
     * overrides that config/application.properties does not know is refused, naming the nearest known key; an
     * unknown BERTSTREAM_* variable is ignored with a warning (Kubernetes sets BERTSTREAM_SERVICE_HOST and the
     * like for a Service named bertstream, and logback reads BERTSTREAM_LOG_LEVEL).
     */
    public static BertstreamConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> defaults = defaults();
        UnknownKeyCheck check = new UnknownKeyCheck(defaults.keySet());
        Map<String, String> values = new TreeMap<>(defaults);
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
            check.requireKnown(fromFile, file.toString());
            values.putAll(fromFile);
        }
        fromEnvironment(env, defaults.keySet()).forEach((key, value) -> {
            if (check.isKnown(key)) {
                values.put(key, value);
            } else {
                LOG.warn("Ignoring environment variable {}: no configuration key {}{}", envName(key), key,
                        check.nearest(key).map(n -> " (did you mean " + envName(n) + "?)").orElse(""));
            }
        });
        check.requireKnown(overrides, "--set");
        values.putAll(overrides);
        return new BertstreamConfig(values);
    }

    /** The built-in defaults with the given overrides (tests, tools). */
    public static BertstreamConfig of(Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    /** A copy with more overrides. */
    public BertstreamConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return new BertstreamConfig(copy);
    }

    static Map<String, String> defaults() {
        try (InputStream in = BertstreamConfig.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(reader);
            return toMap(p);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Configuration file not found: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
    }

    /**
     * {@code BERTSTREAM_FOO_BAR} sets {@code foo.bar}. Known keys are matched exactly (so a key with '_' is not
     * mangled); unknown ones are lower-cased with '_' read as '.', which also reaches {@code kafka.*} pass-through.
     */
    static Map<String, String> fromEnvironment(Map<String, String> env, Set<String> knownKeys) {
        Map<String, String> known = new TreeMap<>();
        for (String key : knownKeys) {
            known.put(envName(key), key);
        }
        Map<String, String> result = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String key = known.getOrDefault(name,
                        name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
                result.put(key, value);
            }
        });
        return result;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> map = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
        return map;
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** The value, or an empty string when the key is unset. */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    public boolean isSet(String key) {
        return !get(key).isBlank();
    }

    public String require(String key) {
        String value = get(key);
        if (value.isBlank()) {
            throw new IllegalArgumentException("Configuration key " + key + " must be set");
        }
        return value;
    }

    public int getInt(String key) {
        return parse(key, Integer::parseInt);
    }

    public long getLong(String key) {
        return parse(key, Long::parseLong);
    }

    public double getDouble(String key) {
        return parse(key, Double::parseDouble);
    }

    public boolean getBoolean(String key) {
        String value = require(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("Configuration key " + key + " must be true or false, not " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** The integer value, or null when the key is empty (an optional setting). */
    public Integer getOptionalInt(String key) {
        return isSet(key) ? getInt(key) : null;
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parser) {
        String value = require(key);
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Configuration key " + key + " must be a number, not " + value);
        }
    }

    /** All keys with the prefix, the prefix removed ({@code kafka.linger.ms} -> {@code linger.ms}). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && !v.isBlank()) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
