package io.bertstream.chaos;

import io.bertstream.app.EventClients;
import io.bertstream.events.Answer;
import io.bertstream.events.Summary;
import io.bertstream.serde.EventSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Every summary and answer the service commits, read from the beginning by a read_committed consumer on its own
 * thread, each with the wall-clock time it was received. Survives broker outages (the consumer reconnects by
 * itself). The topics must exist.
 */
final class OutputLedger implements AutoCloseable {

    /** One output as received: an article's summary or a question's answer. */
    record Received(long atMs, Summary summary, Answer answer) {

        /** The id the output answers: the article id of a summary, the question id of an answer. */
        String inputId() {
            return summary != null ? summary.getArticleId() : answer.getQuestionId();
        }

        /** The record key of the output and of its input: the article id. */
        String articleId() {
            return summary != null ? summary.getArticleId() : answer.getArticleId();
        }
    }

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<Received> received = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputLedger(String bootstrapServers, EventSerdes serdes) {
        Deserializer<SpecificRecord> values = (topic, bytes) -> topic.equals("summaries")
                ? serdes.summary().deserializer().deserialize(topic, bytes)
                : serdes.answer().deserializer().deserialize(topic, bytes);
        this.consumer = EventClients.consumer(bootstrapServers, values);
        // assigned, not subscribed: a group member without committed offsets would start again from the
        // earliest offset after the broker (its group coordinator) restarts, and count every output twice
        List<TopicPartition> partitions = Stream.of("summaries", "answers")
                .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::poll, "chaos-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    Received output = r.value() instanceof Summary s ? new Received(now, s, null)
                            : r.value() instanceof Answer a ? new Received(now, null, a) : null;
                    if (output != null) { // a tombstone deletes a summary: no input of ours sends one
                        synchronized (received) {
                            received.add(output);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    /** The time of the first output for a key of {@code partition} received at or after {@code epochMs}, if any. */
    OptionalLong firstAfter(long epochMs, int partition, int partitions) {
        return received().stream()
                .filter(r -> r.atMs() >= epochMs && Partitions.of(r.articleId(), partitions) == partition)
                .mapToLong(Received::atMs).min();
    }

    /** A fresh read of everything committed so far: the outputs once no new one arrived for 5 s. */
    static List<Received> readAll(String bootstrapServers, EventSerdes serdes) {
        try (OutputLedger fresh = new OutputLedger(bootstrapServers, serdes)) {
            int size = -1;
            while (size != fresh.size()) {
                size = fresh.size();
                Await.sleep(Duration.ofSeconds(5));
            }
            return fresh.received();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
