package io.bertstream.chaos;

import io.bertstream.app.EventClients;
import io.bertstream.serde.EventSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends inputs at a steady pace (idempotent, acks=all) and remembers when each was sent and whether the broker
 * acknowledged it. Sending goes on while the broker is down: the producer buffers and retries.
 */
final class LoadProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final EventSerdes serdes;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private volatile Duration interval = Duration.ZERO;

    LoadProducer(String bootstrapServers, EventSerdes serdes) {
        this.producer = EventClients.producer(bootstrapServers, new ByteArraySerializer());
        this.serdes = serdes;
    }

    /** Sends the items on a new thread, one every {@link #pace} (which may change meanwhile). */
    Thread sendInBackground(List<Workload.Item> items, Duration interval) {
        pace(interval);
        Thread thread = new Thread(() -> items.forEach(item -> {
            send(item);
            Await.sleep(interval());
        }), "chaos-producer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Changes the wait between two sends. */
    void pace(Duration interval) {
        this.interval = interval;
    }

    private Duration interval() {
        return interval;
    }

    void send(Workload.Item item) {
        String topic = item.isArticle() ? "articles" : "questions";
        byte[] value = item.isArticle() ? serdes.article().serializer().serialize(topic, item.article())
                : serdes.question().serializer().serialize(topic, item.question());
        sentAt.put(item.id(), System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topic, item.key(), value), (metadata, error) -> {
            if (error == null) {
                acked.add(item.id());
            } else {
                failed.put(item.id(), error.toString());
            }
        });
    }

    void flush() {
        producer.flush();
    }

    /** When the input was handed to the producer (epoch ms), or null. */
    Long sentAt(String id) {
        return sentAt.get(id);
    }

    int ackedCount() {
        return acked.size();
    }

    Map<String, String> failures() {
        return Map.copyOf(failed);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
