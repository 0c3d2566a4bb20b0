package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.KafkaFailures;
import io.bertstream.serde.EventJson;
import io.bertstream.serde.EventSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static io.bertstream.config.ConfigKeys.TOPIC_ANSWERS;
import static io.bertstream.config.ConfigKeys.TOPIC_ARTICLES;
import static io.bertstream.config.ConfigKeys.TOPIC_DLQ;
import static io.bertstream.config.ConfigKeys.TOPIC_QUESTIONS;
import static io.bertstream.config.ConfigKeys.TOPIC_SUMMARIES;

/** {@code tail}: follow the service's topics as JSON lines, dead letters included. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print summaries and answers (read_committed) as JSON lines, from the beginning, until stopped. "
                + "--topic enrichment-dlq prints dead letters: reason, source topic/partition/offset, and the value.")
public final class TailCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--topic", description = "Only this topic: the summaries, answers, articles, questions or "
            + "dead-letter topic (default: summaries and answers).")
    String topic;

    @Option(names = "--max-events", defaultValue = "-1", description = "Stop after exactly this many events (-1: never).")
    long maxEvents;

    @Override
    public Integer call() {
        BertstreamConfig c = config.load();
        String deadLetters = c.require(TOPIC_DLQ);
        List<String> topics = topic != null ? List.of(topic) : List.of(c.require(TOPIC_SUMMARIES), c.require(TOPIC_ANSWERS));
        Map<String, Function<ConsumerRecord<String, byte[]>, String>> printers = new LinkedHashMap<>();
        printers.put(deadLetters, DeadLetterJson::line);
        if (!topics.equals(List.of(deadLetters))) {
            // the event topics need the serdes (and a registry the service shares); dead letters are raw bytes
            EventSerdes serdes = EventSerdeFactory.forCluster(c);
            printers.put(c.require(TOPIC_SUMMARIES), event("summary", serdes.summary().deserializer()));
            printers.put(c.require(TOPIC_ANSWERS), event("answer", serdes.answer().deserializer()));
            printers.put(c.require(TOPIC_ARTICLES), event("article", serdes.article().deserializer()));
            printers.put(c.require(TOPIC_QUESTIONS), event("question", serdes.question().deserializer()));
        }
        if (!printers.keySet().containsAll(topics)) {
            throw new IllegalArgumentException("tail reads the topics " + printers.keySet() + ", not " + topic);
        }
        long seen = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                     EventClients.consumer(EventClients.kafka(c), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (maxEvents < 0 || seen < maxEvents) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (maxEvents >= 0 && seen >= maxEvents) {
                        break;
                    }
                    if (print(printers.get(r.topic()), r)) {
                        seen++;
                    }
                }
                System.out.flush();
            }
        } catch (KafkaException e) {
            throw new IllegalStateException(KafkaFailures.describe("Cannot read the topics", e), e);
        }
        return 0;
    }

    /** One line on stdout; a record that cannot be read is named on stderr, and tail goes on. */
    private static boolean print(Function<ConsumerRecord<String, byte[]>, String> printer,
                                 ConsumerRecord<String, byte[]> r) {
        try {
            System.out.println(printer.apply(r));
            return true;
        } catch (RuntimeException e) {
            System.err.printf("tail: cannot read %s-%d@%d: %s%n", r.topic(), r.partition(), r.offset(), e.getMessage());
            return false;
        }
    }

    private static <T extends SpecificRecord> Function<ConsumerRecord<String, byte[]>, String> event(
            String type, Deserializer<T> values) {
        return r -> EventJson.line(type, r.key(), values.deserialize(r.topic(), r.value()));
    }
}
