package io.bertstream.topology;

import io.bertstream.app.EventClients;
import io.bertstream.app.EventSerdeFactory;
import io.bertstream.app.OutputReader;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.serde.EventSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Buffered articles survive a crash: the service (in a child JVM) buffers articles in its changelogged pending
 * store, is killed with -9 once the changelog has them committed, and a new instance on the same state directory
 * summarises every article exactly once (read_committed).
 *
 * <p>The service runs in a child process because a crash cannot be simulated in-process: a Kafka Streams
 * instance can only be closed cleanly. The child shares the test's mock schema registry by registering the same
 * schemas in the same order (see {@link RestartChild#registerSchemas}); the test checks its own ids, and decoding
 * the child's summaries checks the child's.
 */
class BatchRestartIT {

    private static final int ARTICLES = 6;
    /** Per wait; raise it (-Dbatch.restart.timeout.minutes) on a machine shared with other heavy work. */
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("batch.restart.timeout.minutes", 3));
    /** Long enough that its batch is still running when the SIGTERM comes. */
    private static final int LONG_ARTICLE_SENTENCES = 3_000;

    @TempDir
    Path stateDir;

    /** The children's logs, kept after the test (target/batch-restart-it/TEST). */
    private Path logs;

    @BeforeEach
    void logDirectory(TestInfo test) throws IOException {
        logs = Files.createDirectories(Path.of("target", "batch-restart-it",
                test.getTestMethod().orElseThrow().getName()));
    }

    private EmbeddedKafkaBroker broker;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void bufferedArticlesAreSummarisedExactlyOnceAfterAKill() throws Exception {
        assertArrayEquals(new int[]{1, 2}, RestartChild.registerSchemas());
        broker = EmbeddedKafkaBroker.startTemporary();
        String applicationId = "restart-it-" + UUID.randomUUID();
        BertstreamConfig config = BertstreamConfig.of(Map.of(
                BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                SCHEMA_REGISTRY_URL, "mock://" + RestartChild.REGISTRY_SCOPE,
                APPLICATION_ID, applicationId));
        EventSerdes serdes = EventSerdeFactory.fromConfig(config);

        Process first = startChild(config, "600000");
        Set<String> ids = produceArticles(config, serdes);
        awaitChangelogRecords(applicationId + "-" + EnrichmentTopology.PENDING_ARTICLES_STORE + "-changelog",
                ARTICLES);
        assertEquals(Map.of(), summaryCounts(config.require(TOPIC_SUMMARIES)), "nothing was flushed before the kill");
        first.destroyForcibly();
        assertTrue(first.waitFor(1, TimeUnit.MINUTES));

        Process second = startChild(config, "100");
        try (OutputReader reader = new OutputReader(broker.bootstrapServers(), serdes,
                config.require(TOPIC_SUMMARIES), config.require(TOPIC_ANSWERS))) {
            assertTrue(reader.readUntil(seen -> summarisedIds(seen).containsAll(ids), TIMEOUT, o -> { }),
                    "every buffered article is summarised after the restart");
        }
        second.getOutputStream().close();
        assertTrue(second.waitFor(2, TimeUnit.MINUTES));

        Map<String, Integer> counts = summaryCounts(config.require(TOPIC_SUMMARIES));
        assertEquals(ids, counts.keySet());
        counts.forEach((id, count) -> assertEquals(1, count, "summaries of " + id));
    }

    @Test
    void aSigtermDuringALongBatchStopsCleanlyAndEveryArticleIsSummarisedOnceAfterwards() throws Exception {
        String log = sigtermDuringALongBatch(Map.of());
        assertFalse(log.contains("Halting with status"), "the batch ended inside the close timeout");
    }

    /**
     * A batch longer than shutdown.timeout.ms: the close times out under a running inference, and the process
     * halts without the JVM's shutdown hooks (System.exit ran ONNX Runtime's under the inference).
     */
    @Test
    void aSigtermDuringABatchLongerThanTheCloseTimeoutHaltsWithoutACrash() throws Exception {
        String log = sigtermDuringALongBatch(Map.of(SHUTDOWN_TIMEOUT_MS, "1000"));
        assertTrue(log.contains("Halting with status 143"), "the close timed out under the inference");
    }

    /** SIGTERM 1 s into a long batch: exit 143, no crash; then every article once. Returns the child's log. */
    private String sigtermDuringALongBatch(Map<String, String> settings) throws Exception {
        assertArrayEquals(new int[]{1, 2}, RestartChild.registerSchemas());
        broker = EmbeddedKafkaBroker.startTemporary();
        String applicationId = "sigterm-it-" + UUID.randomUUID();
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(Map.of(
                BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                SCHEMA_REGISTRY_URL, "mock://" + RestartChild.REGISTRY_SCOPE,
                APPLICATION_ID, applicationId));
        BertstreamConfig config = BertstreamConfig.of(all);
        EventSerdes serdes = EventSerdeFactory.fromConfig(config);

        Process first = startChild(config, "100");
        StringBuilder longBody = new StringBuilder();
        for (int i = 0; i < LONG_ARTICLE_SENTENCES; i++) {
            longBody.append("Sentence ").append(i).append(" of the long report keeps the encoder busy for a while. ");
        }
        EventClients.sendOne(broker.bootstrapServers(), config.require(TOPIC_ARTICLES), "long",
                Article.newBuilder().setId("long").setBody(longBody.toString()).build(), serdes.article().serializer());
        Set<String> ids = produceArticles(config, serdes);
        ids.add("long");
        Path childLog = logs.resolve("child-0.log");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.readString(childLog).contains("Embedding a long batch") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(childLog).contains("Embedding a long batch"), "the long batch started");
        Thread.sleep(1_000); // well inside its inference
        long signalled = System.nanoTime();
        first.destroy(); // SIGTERM
        assertTrue(first.waitFor(3, TimeUnit.MINUTES), "stopped after SIGTERM");
        String log = Files.readString(childLog);
        System.out.printf("SIGTERM mid-batch: exit %d after %.1f s%n", first.exitValue(),
                (System.nanoTime() - signalled) / 1e9);
        assertEquals(143, first.exitValue(), "a clean exit on SIGTERM (128 + 15), not a crash");
        assertFalse(log.contains("SIGSEGV") || log.contains("A fatal error has been detected"), "JVM crash:\n" + log);
        assertFalse(Files.exists(Path.of("hs_err_pid" + first.pid() + ".log")), "a JVM crash log");

        Process second = startChild(config, "100");
        try (OutputReader reader = new OutputReader(broker.bootstrapServers(), serdes,
                config.require(TOPIC_SUMMARIES), config.require(TOPIC_ANSWERS))) {
            assertTrue(reader.readUntil(seen -> summarisedIds(seen).containsAll(ids), TIMEOUT, o -> { }),
                    "every article is summarised after the restart");
        }
        second.getOutputStream().close();
        assertTrue(second.waitFor(2, TimeUnit.MINUTES));
        Map<String, Integer> counts = summaryCounts(config.require(TOPIC_SUMMARIES));
        assertEquals(ids, counts.keySet());
        counts.forEach((id, count) -> assertEquals(1, count, "summaries of " + id));
        return log;
    }

    /** Starts the service in a child JVM and waits until it is RUNNING. */
    private Process startChild(BertstreamConfig config, String maxWaitMs) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g",
                "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), RestartChild.class.getName()));
        Map<String, String> settings = new HashMap<>(config.asMap());
        settings.putAll(Map.of(
                STATE_DIR, stateDir.toString(),
                HTTP_PORT, "-1",
                BATCH_MAX_WAIT_MS, maxWaitMs,
                // only the wait flushes a batch: the first child must hold its batch until the kill
                BATCH_IDLE_MS, "0",
                BATCH_MAX_SENTENCES, "100000",
                BATCH_MAX_TOKENS, "10000000",
                COMMIT_INTERVAL_MS, "100",
                // the killed instance's membership must expire quickly for the new one to get the task
                KAFKA_PASSTHROUGH_PREFIX + "consumer.session.timeout.ms", "6000"));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Process child = new ProcessBuilder(command)
                .redirectError(logs.resolve("child-" + children.size() + ".log").toFile())
                .start();
        children.add(child);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals(RestartChild.READY)) {
            // skip anything else the child prints
        }
        assertEquals(RestartChild.READY, line, "the child service started");
        return child;
    }

    private Set<String> produceArticles(BertstreamConfig config, EventSerdes serdes) throws Exception {
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<String, Article> producer = EventClients.producer(broker.bootstrapServers(),
                serdes.article().serializer())) {
            for (int i = 0; i < ARTICLES; i++) {
                String id = "article-" + i;
                Article article = Article.newBuilder().setId(id).setBody("Article number " + i
                        + " opens with a sentence that is long enough to be a candidate. It goes on with a second "
                        + "sentence about the weather in the mountains. It ends with a third one on the markets.")
                        .build();
                producer.send(new ProducerRecord<>(config.require(TOPIC_ARTICLES), id, article)).get();
                ids.add(id);
            }
        }
        return ids;
    }

    /** Waits until {@code count} records of the topic are committed (read_committed). */
    private void awaitChangelogRecords(String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            int seen = 0;
            while (seen < count && System.nanoTime() < deadline) {
                if (consumer.assignment().isEmpty() && consumer.partitionsFor(topic).size() > 0) {
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                }
                if (!consumer.assignment().isEmpty()) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                }
            }
            assertTrue(seen >= count, "the pending changelog holds " + seen + " of " + count + " articles");
        }
    }

    /** Every committed summary on the topic, counted per article id. */
    private Map<String, Integer> summaryCounts(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Map<String, Integer> counts = new HashMap<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(r.key(), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    private static Set<String> summarisedIds(List<OutputReader.Output> seen) {
        Set<String> ids = new HashSet<>();
        seen.stream().filter(o -> o.value() instanceof Summary).forEach(o -> ids.add(o.key()));
        return ids;
    }
}
