package io.bertstream.topology;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.bertstream.app.EnrichmentService;
import io.bertstream.app.EventClients;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.serde.MockSchemaRegistry;
import io.bertstream.topology.FuzzCorpus.FuzzRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of seeded records, mostly broken or invalid, shuffled among valid articles and questions, through the
 * whole service on the in-process broker: every valid input gets exactly one output, every other input exactly
 * one dead letter with the reason it was sent for, nothing is lost, and the stream thread survives it all. Among
 * the broken ones, {@link StructuralFuzz}'s: valid framing with hostile length prefixes in every string field of
 * Article and Question, huge array and map counts and deep nesting (no {@code Error}, one outcome each).
 */
class FuzzIT {

    private static final long SEED = 20_250_601L;
    private static final int TOTAL = 3_000;
    private static final int VALID_ARTICLES = 150;
    private static final int VALID_QUESTIONS = 150;
    private static final int ARTICLE_MAX_BYTES = 10_240;
    /** Loggers that warn once per bad record (Kafka Streams' with a stack trace): thousands would bury the report. */
    private static final List<String> PER_RECORD_LOGGERS = List.of(
            "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler",
            "org.apache.kafka.streams.processor.internals.RecordDeserializer",
            "io.bertstream.topology");

    @TempDir
    static Path stateDir;
    private static EmbeddedKafkaBroker broker;
    private static EnrichmentService service;

    @BeforeAll
    static void start() throws InterruptedException {
        setLevel(PER_RECORD_LOGGERS, Level.ERROR);
        broker = EmbeddedKafkaBroker.startTemporary();
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "state.dir", stateDir.toString(),
                "schema.registry.url", "mock://fuzz-it",
                "http.port", "-1",
                "article.max.bytes", String.valueOf(ARTICLE_MAX_BYTES),
                "questions.pending.ttl.ms", "2000",
                "questions.pending.check.ms", "250")));
        assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams did not reach RUNNING");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
        setLevel(PER_RECORD_LOGGERS, null);
    }

    /** Sets the loggers' level (null: inherit again). */
    private static void setLevel(List<String> loggers, Level level) {
        loggers.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void everyRecordGetsExactlyOneOutcomeAndTheStreamThreadSurvives() throws Exception {
        Set<String> threadsBefore = threadNames();
        List<FuzzRecord> records = FuzzCorpus.generate(SEED, TOTAL, VALID_ARTICLES, VALID_QUESTIONS,
                service.serdes(), ARTICLE_MAX_BYTES, MockSchemaRegistry.forScope("fuzz-it"));
        Map<String, FuzzRecord> sent = send(records);

        FuzzReconciliation result;
        try (FuzzOutputs outputs = new FuzzOutputs(broker.bootstrapServers(), service.serdes(),
                "summaries", "answers", "enrichment-dlq")) {
            outputs.read(sent.size(), Duration.ofMinutes(3), Duration.ofSeconds(3));
            result = FuzzReconciliation.of(sent, outputs);
        }
        System.out.println(result.report());

        assertEquals(TOTAL, sent.size());
        assertEquals(List.of(), result.lost(), "lost");
        assertEquals(List.of(), result.duplicated(), "duplicated");
        assertEquals(List.of(), result.wrongReason(), "wrong reason");
        assertEquals(List.of(), result.unexpected(), "unexpected outputs");
        // valid records less the keyless articles among them, which are dead letters (missing-key)
        assertEquals(sent.values().stream().filter(r -> r.expect() != FuzzCorpus.Expect.DEAD).count(),
                (long) result.validOutputs());
        assertEquals(sent.size(), result.validOutputs() + result.outputs().deadLetters().size());
        assertEquals(KafkaStreams.State.RUNNING, service.streams().state());
        assertEquals(threadsBefore, threadNames(), "a stream thread died and was replaced");
    }

    /** Sends the records in order; returns them by where they landed ({@code topic/partition/offset}). */
    private static Map<String, FuzzRecord> send(List<FuzzRecord> records) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try (KafkaProducer<String, byte[]> producer = EventClients.producer(broker.bootstrapServers(),
                new ByteArraySerializer())) {
            for (FuzzRecord r : records) {
                acks.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
            }
        }
        Map<String, FuzzRecord> sent = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = acks.get(i).get();
            sent.put(m.topic() + "/" + m.partition() + "/" + m.offset(), records.get(i));
        }
        return sent;
    }

    private static Set<String> threadNames() {
        Set<ThreadMetadata> threads = service.streams().metadataForLocalThreads();
        assertTrue(threads.size() > 0, "no stream thread");
        return threads.stream().map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }
}
