package io.bertstream.app;

import io.bertstream.kafka.KafkaConnection;
import io.bertstream.serde.EventSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the summaries and answers topics (read_committed) until a condition holds: what {@code demo} prints
 * and what the integration tests assert on.
 */
public final class OutputReader implements AutoCloseable {

    /** One output event: its topic, key and value (null for a tombstone). */
    public record Output(String topic, String key, SpecificRecord value) {
    }

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<Output> seen = new ArrayList<>();

    public OutputReader(String bootstrapServers, EventSerdes serdes, String summariesTopic, String answersTopic) {
        this(KafkaConnection.plaintext(bootstrapServers), serdes, summariesTopic, answersTopic);
    }

    public OutputReader(KafkaConnection kafka, EventSerdes serdes, String summariesTopic, String answersTopic) {
        Deserializer<SpecificRecord> values = (topic, bytes) -> topic.equals(summariesTopic)
                ? serdes.summary().deserializer().deserialize(topic, bytes)
                : serdes.answer().deserializer().deserialize(topic, bytes);
        this.consumer = EventClients.consumer(kafka, values);
        consumer.subscribe(List.of(summariesTopic, answersTopic));
    }

    /**
     * Polls until {@code done} holds for everything seen so far (or the timeout passes), handing each new output
     * to {@code onEach}. Returns whether the condition was met.
     */
    public boolean readUntil(Predicate<List<Output>> done, Duration timeout, Consumer<Output> onEach) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                Output output = new Output(r.topic(), r.key(), r.value());
                seen.add(output);
                onEach.accept(output);
            }
        }
        return true;
    }

    public List<Output> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
