package io.bertstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unknown configuration keys are refused with the nearest known key; pass-through prefixes are not checked. */
class UnknownKeyCheckTest {

    private static String refused(Path file, Map<String, String> overrides) {
        return assertThrows(IllegalArgumentException.class,
                () -> BertstreamConfig.load(file, Map.of(), overrides)).getMessage();
    }

    @Test
    void aMistypedSetKeyIsRefusedWithTheNearestKnownKey() {
        // before: summary.num.sentence=2 was ignored and the summaries kept 3 sentences
        String message = refused(null, Map.of("summary.num.sentence", "2"));
        assertTrue(message.contains("'summary.num.sentence' (--set): did you mean summary.num.sentences?"), message);
        assertTrue(refused(null, Map.of("num.sentences", "2")).contains("did you mean summary.num.sentences?"));
        assertTrue(refused(null, Map.of("bootstrap.server", "x:1")).contains("did you mean bootstrap.servers?"));
    }

    @Test
    void aKeyNothingResemblesIsRefusedWithoutAGuess() {
        String message = refused(null, Map.of("colour.of.the.sky", "blue"));
        assertTrue(message.startsWith("Unknown configuration key 'colour.of.the.sky' (--set) (config/application"), message);
        assertFalse(message.contains("did you mean"), message);
    }

    @Test
    void aMistypedKeyInTheFileIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("my.properties"), "summary.ratio=0.3\nsummary.algoritm=gmm\n");
        String message = refused(file, Map.of());
        assertTrue(message.contains("'summary.algoritm' (" + file + "): did you mean summary.algorithm?"), message);
    }

    @Test
    void aMissingConfigurationFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertEquals("Configuration file not found: " + missing.toAbsolutePath(), refused(missing, Map.of()));
    }

    @Test
    void passThroughKeysAndKnownKeysAreAccepted() {
        BertstreamConfig c = BertstreamConfig.load(null, Map.of(), Map.of(
                "kafka.linger.ms", "5", "kafka.producer.batch.size", "1", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "ssl.truststore.location", "/x", "schema.registry.basic.auth.user.info", "u:p",
                "basic.auth.credentials.source", "USER_INFO", "summary.num.sentences", "2"));
        assertEquals("5", c.get("kafka.linger.ms"));
        assertEquals("2", c.get("summary.num.sentences"));
    }

    @Test
    void anUnknownEnvironmentVariableIsIgnoredAndAKnownOneApplies() {
        // Kubernetes sets BERTSTREAM_SERVICE_HOST for a Service named bertstream; logback reads BERTSTREAM_LOG_LEVEL
        BertstreamConfig c = BertstreamConfig.load(null, Map.of("BERTSTREAM_SERVICE_HOST", "10.0.0.1",
                "BERTSTREAM_LOG_LEVEL", "DEBUG", "BERTSTREAM_SUMMARY_RATIO", "0.5",
                "BERTSTREAM_KAFKA_LINGER_MS", "7"), Map.of());
        assertEquals("0.5", c.get("summary.ratio"));
        assertEquals("7", c.get("kafka.linger.ms"));
        assertFalse(c.asMap().containsKey("service.host"));
        assertFalse(c.asMap().containsKey("log.level"));
    }

    /** The check knows the keys of config/application.properties: every key the code declares must be there. */
    @Test
    void everyDeclaredKeyIsDocumentedInApplicationProperties() throws Exception {
        Map<String, String> documented = BertstreamConfig.defaults();
        for (Field field : ConfigKeys.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().endsWith("_PREFIX")) {
                String key = (String) field.get(null);
                assertTrue(documented.containsKey(key), key + " (ConfigKeys." + field.getName()
                        + ") is missing from config/application.properties");
            }
        }
    }
}
