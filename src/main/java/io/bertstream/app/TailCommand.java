package io.bertstream.app;

import io.bertstream.serde.EventJson;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.KafkaFailures;
import io.bertstream.serde.EventSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static io.bertstream.config.ConfigKeys.TOPIC_ANSWERS;
import static io.bertstream.config.ConfigKeys.TOPIC_SUMMARIES;

/** {@code tail}: follow the summaries and answers topics as JSON lines. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print summaries and answers (read_committed) as JSON lines, from the beginning, until stopped.")
public final class TailCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--topic", description = "Only this topic (default: the summaries and answers topics).")
    String topic;

    @Option(names = "--max-events", defaultValue = "-1", description = "Stop after this many events (-1: never).")
    long maxEvents;

    @Override
    public Integer call() {
        BertstreamConfig c = config.load();
        EventSerdes serdes = EventSerdeFactory.fromConfig(c);
        String summaries = c.require(TOPIC_SUMMARIES);
        String answers = c.require(TOPIC_ANSWERS);
        Deserializer<SpecificRecord> values = (t, bytes) -> t.equals(summaries)
                ? serdes.summary().deserializer().deserialize(t, bytes)
                : serdes.answer().deserializer().deserialize(t, bytes);
        long seen = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer =
                     EventClients.consumer(EventClients.kafka(c), values)) {
            consumer.subscribe(topic != null ? List.of(topic) : List.of(summaries, answers));
            while (maxEvents < 0 || seen < maxEvents) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(EventJson.line(r.topic().equals(summaries) ? "summary" : "answer",
                            r.key(), r.value()));
                    seen++;
                }
                System.out.flush();
            }
        } catch (KafkaException e) {
            throw new IllegalStateException(KafkaFailures.describe("Cannot read the topics", e), e);
        }
        return 0;
    }
}
