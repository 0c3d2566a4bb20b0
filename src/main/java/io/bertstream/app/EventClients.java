package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.kafka.KafkaFailures;
import io.bertstream.kafka.KafkaReachability;
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

/**
 * Producers and consumers of the service's topics, for the CLI tools and tests, with the settings of a
 * {@link KafkaConnection}. The overloads taking a bare address are for the in-process broker's plaintext listener.
 */
public final class EventClients {

    private EventClients() {
    }

    public static <V> KafkaProducer<String, V> producer(KafkaConnection kafka, Serializer<V> values) {
        return new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                // an article near article.max.bytes is larger than Kafka's 1 MiB default; the topic still caps it
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), values);
    }

    public static <V> KafkaProducer<String, V> producer(String bootstrapServers, Serializer<V> values) {
        return producer(KafkaConnection.plaintext(bootstrapServers), values);
    }

    /** Sends one record and waits until the cluster has it. */
    public static <V> RecordMetadata sendOne(KafkaConnection kafka, String topic, String key, V value,
                                             Serializer<V> values) {
        try (KafkaProducer<String, V> producer = producer(kafka, values)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(KafkaFailures.describe("Cannot send to " + topic, e), e.getCause());
        } catch (RuntimeException e) {
            throw new IllegalStateException(KafkaFailures.describe("Cannot send to " + topic, e), e);
        }
    }

    public static <V> RecordMetadata sendOne(String bootstrapServers, String topic, String key, V value,
                                             Serializer<V> values) {
        return sendOne(KafkaConnection.plaintext(bootstrapServers), topic, key, value, values);
    }

    /** A read_committed consumer in a fresh group, from the start of the topics. */
    public static <V> KafkaConsumer<String, V> consumer(KafkaConnection kafka, Deserializer<V> values) {
        return new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bertstream-cli-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), values);
    }

    public static <V> KafkaConsumer<String, V> consumer(String bootstrapServers, Deserializer<V> values) {
        return consumer(KafkaConnection.plaintext(bootstrapServers), values);
    }

    /**
     * The cluster a client command talks to, with the configured security settings; bootstrap.servers must be set
     * and answer within {@link KafkaReachability#CONNECT_WAIT}.
     */
    public static KafkaConnection kafka(BertstreamConfig config) {
        KafkaConnection kafka = KafkaConnection.from(config);
        KafkaReachability.require(kafka);
        return kafka;
    }
}
