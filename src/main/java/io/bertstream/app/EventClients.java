package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static io.bertstream.config.ConfigKeys.BOOTSTRAP_SERVERS;

/** Producers and consumers of the service's topics, for the CLI tools and tests. */
public final class EventClients {

    private EventClients() {
    }

    public static <V> KafkaProducer<String, V> producer(String bootstrapServers, Serializer<V> values) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // an article near article.max.bytes is larger than Kafka's 1 MiB default; the topic still caps it
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), values);
    }

    /** Sends one record and waits until the cluster has it. */
    public static <V> RecordMetadata sendOne(String bootstrapServers, String topic, String key, V value,
                                             Serializer<V> values) {
        try (KafkaProducer<String, V> producer = producer(bootstrapServers, values)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A read_committed consumer in a fresh group, from the start of the topics. */
    public static <V> KafkaConsumer<String, V> consumer(String bootstrapServers, Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bertstream-cli-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values);
    }

    /** The cluster a client command talks to: bootstrap.servers must be set. */
    public static String bootstrapServers(BertstreamConfig config) {
        if (!config.isSet(BOOTSTRAP_SERVERS)) {
            throw new IllegalArgumentException("This command talks to a running cluster: set bootstrap.servers "
                    + "(--set bootstrap.servers=HOST:PORT or BERTSTREAM_BOOTSTRAP_SERVERS)");
        }
        return config.get(BOOTSTRAP_SERVERS);
    }
}
