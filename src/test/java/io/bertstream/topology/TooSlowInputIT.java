package io.bertstream.topology;

import io.bertstream.app.EventClients;
import io.bertstream.app.EventSerdeFactory;
import io.bertstream.app.StreamsProperties;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.broker.ServiceTopics;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.ForwardingEncoder;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.qa.SentenceSimilarityAnswerer;
import io.bertstream.serde.EventSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An input whose work outlasts transaction.timeout.ms: the broker aborts its transaction and fences the producer,
 * Kafka Streams re-initialises the task without calling the uncaught-exception handler, and the input came again
 * for ever (the articles after it on the partition were never summarised). Now its work overran the budget
 * (batch.budget.ms) and it was noted, so when it comes again it is one dead letter {@code too-slow}, and the
 * article after it is summarised. Real broker, the service's Streams properties (exactly_once_v2) with a 10 s
 * transaction timeout, the real MiniLM encoder behind a delay for the slow article.
 *
 * <p>The slow work must run inside an open transaction, or there is nothing to lose: with the service's batch
 * triggers a commit may fall between buffering an article and the timed flush, the flush then works outside any
 * transaction and commits its summary (a right outcome, but not this path). So here the batch is due only by
 * size, on the second article's arrival: its buffering (a changelog write) opens the transaction the flush runs in.
 */
class TooSlowInputIT {

    private static final String SLOW_MARK = "Glacially";
    private static final long SLOW_MS = 25_000; // past the 10 s timeout and the broker's 10 s abort check

    @TempDir
    Path stateDir;

    @Test
    void anInputSlowerThanTheTransactionTimeoutEndsAsOneDeadLetterAndTheNextIsSummarised() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
             OnnxSentenceEncoder real = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1))) {
            BertstreamConfig config = BertstreamConfig.of(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    "schema.registry.url", "mock://too-slow-it",
                    "application.id", "too-slow-it",
                    "batch.budget.ms", "2000",
                    "batch.max.sentences", "4", // both articles' two sentences each
                    "batch.idle.ms", "0",
                    "batch.max.wait.ms", "600000",
                    "kafka.producer.transaction.timeout.ms", "10000"));
            ServiceTopics.create(broker, 1);
            AtomicInteger slowCalls = new AtomicInteger();
            ForwardingEncoder slow = new ForwardingEncoder(real) {
                @Override
                public float[][] encode(TokenizedTexts texts) {
                    if (texts.texts().stream().anyMatch(text -> text.contains(SLOW_MARK))) {
                        slowCalls.incrementAndGet();
                        try {
                            Thread.sleep(SLOW_MS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return real.encode(texts);
                }
            };
            EventSerdes serdes = EventSerdeFactory.fromConfig(config);
            var topology = EnrichmentTopology.build(TopologySettings.from(config), serdes,
                    new EnrichmentTopology.Engines(slow, new SentenceSimilarityAnswerer(slow, 2)),
                    EnrichmentTopology.Stats.create());
            Properties props = StreamsProperties.from(config, KafkaConnection.from(config));
            props.put("state.dir", stateDir.toString());
            try (KafkaStreams streams = new KafkaStreams(topology, props)) {
                streams.start();
                EventClients.sendOne(broker.bootstrapServers(), "articles", "slow", Article.newBuilder().setId("slow")
                        .setBody(SLOW_MARK + " moving ice filled the valley. It took a century to melt.").build(),
                        serdes.article().serializer());
                EventClients.sendOne(broker.bootstrapServers(), "articles", "next", Article.newBuilder().setId("next")
                        .setBody("The bridge reopened on Monday. Traffic flowed again.").build(),
                        serdes.article().serializer());

                List<String> outcomes = new ArrayList<>();
                try (KafkaConsumer<String, byte[]> consumer = EventClients.consumer(
                        KafkaConnection.plaintext(broker.bootstrapServers()), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of("summaries", "enrichment-dlq"));
                    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                    while (outcomes.size() < 2 && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            outcomes.add(r.topic() + ":" + r.key() + ":" + (r.topic().equals("enrichment-dlq")
                                    ? DeadLetters.header(r.headers(), DeadLetters.REASON_CODE) : "summary"));
                        }
                    }
                    // nothing more comes: exactly one outcome each
                    long quiet = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (System.nanoTime() < quiet) {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> outcomes.add(r.topic() + ":" + r.key()));
                    }
                }
                System.out.printf("too-slow input: outcomes %s, slow encoder calls %d%n", outcomes, slowCalls.get());
                assertEquals(List.of("enrichment-dlq:slow:too-slow", "summaries:next:summary"),
                        outcomes.stream().sorted().toList());
                // once with its neighbour, then alone (a group that overran is computed one by one), then never
                assertEquals(2, slowCalls.get(), "times the slow input was worked on");
            }
        }
    }
}
