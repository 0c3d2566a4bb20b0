package io.bertstream.kafka;

import io.bertstream.config.BertstreamConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.bertstream.config.ConfigKeys.BOOTSTRAP_SERVERS;
import static io.bertstream.config.ConfigKeys.KAFKA_PASSTHROUGH_PREFIX;
import static io.bertstream.config.ConfigKeys.KAFKA_SECURITY_PREFIXES;

/**
 * The one place Kafka client settings come from, for Kafka Streams, the admin client, and every producer and
 * consumer (the CLI commands included): {@code bootstrap.servers}, the security keys given at the top level
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) and every {@code kafka.*} key. A producer, consumer
 * or admin client gets the keys its own configuration defines, plus {@code kafka.producer.*},
 * {@code kafka.consumer.*} or {@code kafka.admin.*} ones (as Kafka Streams' prefixes). Values are never logged
 * here; Kafka's own config log hides passwords and JAAS settings.
 */
public final class KafkaConnection {

    private final String bootstrapServers;
    private final Map<String, String> settings;

    private KafkaConnection(String bootstrapServers, Map<String, String> settings) {
        this.bootstrapServers = bootstrapServers;
        this.settings = Map.copyOf(settings);
    }

    /** The cluster a client command talks to: bootstrap.servers must be set. */
    public static KafkaConnection from(BertstreamConfig config) {
        if (!config.isSet(BOOTSTRAP_SERVERS)) {
            throw new IllegalArgumentException("This command talks to a running cluster: set bootstrap.servers "
                    + "(--set bootstrap.servers=HOST:PORT or BERTSTREAM_BOOTSTRAP_SERVERS)");
        }
        return from(config, config.get(BOOTSTRAP_SERVERS));
    }

    /** The configured settings against {@code bootstrapServers} (the in-process broker when none is configured). */
    public static KafkaConnection from(BertstreamConfig config, String bootstrapServers) {
        Map<String, String> settings = new TreeMap<>();
        config.asMap().forEach((key, value) -> {
            for (String prefix : KAFKA_SECURITY_PREFIXES) {
                if (key.startsWith(prefix) && !value.isBlank()) {
                    settings.put(key, value);
                }
            }
        });
        settings.putAll(config.withPrefix(KAFKA_PASSTHROUGH_PREFIX));
        return new KafkaConnection(bootstrapServers, settings);
    }

    /** No security settings: the in-process broker's plaintext listener (tests, tools). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every setting, for Kafka Streams (which hands them to its own clients and knows the prefixes). */
    public Map<String, String> streamsSettings() {
        return settings;
    }

    public Map<String, Object> producer(Map<String, Object> own) {
        return client(ProducerConfig.configNames(), "producer.", own);
    }

    public Map<String, Object> consumer(Map<String, Object> own) {
        return client(ConsumerConfig.configNames(), "consumer.", own);
    }

    public Map<String, Object> admin() {
        return client(AdminClientConfig.configNames(), "admin.", Map.of());
    }

    /** {@code own} (what the caller needs), under the configured keys this client knows, under its prefixed keys. */
    private Map<String, Object> client(Set<String> known, String prefix, Map<String, Object> own) {
        Map<String, Object> props = new HashMap<>(own);
        settings.forEach((key, value) -> {
            if (known.contains(key)) {
                props.put(key, value);
            }
        });
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix) && known.contains(key.substring(prefix.length()))) {
                props.put(key.substring(prefix.length()), value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** Names the cluster and the keys set, never their values. */
    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + ", keys=" + settings.keySet() + "]";
    }
}
