package io.bertstream.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Builds the {@link SchemaRegistry} that a Confluent-style config names. */
public final class SchemaRegistries {

    /** Config key: the registry URL(s), comma-separated, or {@code mock://NAME}. */
    public static final String URL_CONFIG = "schema.registry.url";

    private static final String MOCK_PREFIX = "mock://";

    private SchemaRegistries() {
    }

    /**
     * Picks the registry from {@value #URL_CONFIG}: {@code mock://NAME} gives the JVM-wide
     * {@link MockSchemaRegistry} of that name; {@code http(s)://...} (several allowed, for
     * failover) gives an {@link HttpSchemaRegistryClient} configured from the same map.
     *
     * @throws ConfigException if the URL is missing, or mixes mock and real registries
     */
    public static SchemaRegistry fromConfig(Map<String, ?> config) {
        List<String> urls = new ConfigValues(config).list(URL_CONFIG);
        if (urls.isEmpty()) {
            throw new ConfigException("Missing " + URL_CONFIG + ": the schema registry URL(s), or mock://NAME for tests");
        }
        boolean mock = urls.get(0).startsWith(MOCK_PREFIX);
        if (mock && urls.size() > 1 || !mock && urls.stream().anyMatch(u -> u.startsWith(MOCK_PREFIX))) {
            throw new ConfigException(URL_CONFIG, urls, "a mock:// URL cannot be combined with other URLs");
        }
        if (mock) {
            return MockSchemaRegistry.forScope(urls.get(0).substring(MOCK_PREFIX.length()));
        }
        return HttpSchemaRegistryClient.fromConfig(config);
    }
}
