package io.bertstream.topology;

import io.bertstream.app.EventClients;
import io.bertstream.serde.EventSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the service wrote to the summaries, answers and dead-letter topics (read_committed), tallied: how
 * often each article was summarised, each question answered, each input dead-lettered and why.
 */
final class FuzzOutputs implements AutoCloseable {

    /** A dead letter: where its input was ({@code topic/partition/offset}) and its reason. */
    record DeadLetter(String source, String reason) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventSerdes serdes;
    private final Map<String, Integer> summaries = new HashMap<>();
    private final Map<String, Integer> answers = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final String summariesTopic;
    private final String answersTopic;

    FuzzOutputs(String bootstrapServers, EventSerdes serdes, String summariesTopic, String answersTopic, String dlqTopic) {
        this.consumer = EventClients.consumer(bootstrapServers, new ByteArrayDeserializer());
        this.serdes = serdes;
        this.summariesTopic = summariesTopic;
        this.answersTopic = answersTopic;
        consumer.subscribe(List.of(summariesTopic, answersTopic, dlqTopic));
    }

    /** Reads until {@code expected} outputs have come (or the timeout passes), then for {@code quiet} more. */
    void read(int expected, Duration timeout, Duration quiet) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total() < expected && System.nanoTime() < deadline) {
            poll();
        }
        long quietEnd = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < quietEnd) {
            poll();
        }
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.topic().equals(summariesTopic)) {
                summaries.merge(r.value() == null ? "(tombstone " + r.key() + ")" : r.key(), 1, Integer::sum);
            } else if (r.topic().equals(answersTopic)) {
                String questionId = serdes.answer().deserializer().deserialize(r.topic(), r.value()).getQuestionId();
                answers.merge(questionId, 1, Integer::sum);
            } else {
                deadLetters.add(deadLetter(r));
            }
        }
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> r) {
        String source = DeadLetters.header(r.headers(), DeadLetters.TOPIC) + "/"
                + DeadLetters.header(r.headers(), DeadLetters.PARTITION) + "/"
                + DeadLetters.header(r.headers(), DeadLetters.OFFSET);
        String code = DeadLetters.header(r.headers(), DeadLetters.REASON_CODE);
        return new DeadLetter(source, code != null ? code : DeadLetters.header(r.headers(), DeadLetters.EXCEPTION));
    }

    int total() {
        return summaries.values().stream().mapToInt(Integer::intValue).sum()
                + answers.values().stream().mapToInt(Integer::intValue).sum() + deadLetters.size();
    }

    /** Summaries per article id (a tombstone under {@code (tombstone ID)}). */
    Map<String, Integer> summaries() {
        return summaries;
    }

    /** Answers per question id. */
    Map<String, Integer> answers() {
        return answers;
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
