package io.bertstream.bench;

import io.bertstream.app.EnrichmentService;
import io.bertstream.app.RestoreLog;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StateSerde;
import io.bertstream.topology.ArticleExpiry;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.bertstream.config.ConfigKeys.*;

/**
 * State at volume, on an in-process broker: the changelogs of an application are seeded with {@code count}
 * copies (new ids) of one real article state and their retention index entries, then
 * <ul>
 *   <li>restore: the service starts on an empty state directory; from the first store restore's start to the
 *   last one's end ({@link RestoreLog}), as MB/s (keys and values) and articles/s, and the state directory's
 *   bytes on disk after it over the bytes restored (RocksDB's space amplification right after a restore);</li>
 *   <li>expiry: the service starts again on that (now local) state with every article due; CPU-seconds (the whole
 *   process, the in-process broker included) and wall seconds until the last article is gone, per 10,000;</li>
 *   <li>fail-over: two instances on two partitions, with 0 or 1 standby replicas; one closes, and the time until
 *   the other serves every article again (the closing instance leaves the group: a crash adds
 *   {@code session.timeout.ms}, 45 s by default, before anything moves).</li>
 * </ul>
 */
final class StateRestoreBench {

    private static final Logger LOG = LoggerFactory.getLogger(StateRestoreBench.class);
    private static final Duration WAIT = Duration.ofMinutes(30);
    private static final long HOUR = 3_600_000;

    private final BertstreamConfig config;
    private final BenchReport report;
    private final byte[] state;

    StateRestoreBench(BertstreamConfig config, BenchReport report, ArticleState template) {
        this.config = config;
        this.report = report;
        this.state = new StateSerde<>(ArticleState.class).serializer().serialize("",
                ArticleState.newBuilder(template).setUpdatedAt(System.currentTimeMillis() - 2 * HOUR).build());
    }

    void run(int count, int failoverCount) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            long bytes = seed(broker, "bench-restore", count, 1);
            Path dir = dir();
            // the punctuator waits (an hour) while the restore is measured
            EnrichmentService restored = start(broker, "bench-restore", dir,
                    Map.of(ARTICLES_EXPIRY_CHECK_MS, String.valueOf(HOUR)));
            RestoreLog.Totals totals = restored.restored();
            restored.close();
            double restore = Math.max(1e-3, totals.seconds());
            long disk = bytesOnDisk(dir);
            report.put("restore_articles", count).put("restore_mb", bytes / 1e6)
                    .put("restore_state_dir_mb", disk / 1e6).put("restore_disk_over_logical", (double) disk / bytes)
                    .put("restore_records", totals.records()).put("restore_seconds", restore)
                    .put("restore_mb_per_s", bytes / 1e6 / restore).put("restore_articles_per_s", count / restore);
            expiry(broker, dir, count);
            for (int standbys = 0; standbys <= 1; standbys++) {
                report.put("failover_seconds_standby_" + standbys, failover(broker, failoverCount, standbys));
            }
            report.put("failover_articles", failoverCount);
        }
    }

    /** Every article due (retention of an hour, written two hours ago): the cost of expiring them all. */
    private void expiry(EmbeddedKafkaBroker broker, Path dir, int count) throws Exception {
        EnrichmentService service = start(broker, "bench-restore", dir, Map.of(ARTICLES_RETENTION_MS,
                String.valueOf(HOUR), ARTICLES_EXPIRY_CHECK_MS, "10"));
        try {
            long cpu = CostBench.processCpuNanos();
            long started = System.nanoTime();
            // equal due times: the index holds them in id order, so the last id goes last
            String last = String.format("stored-%07d", count - 1);
            await(() -> store(service, false).get(last) == null && held(service, false) == 0,
                    "the articles did not all expire");
            double per10k = 10_000.0 / count;
            report.put("expiry_cpu_s_per_10k", (CostBench.processCpuNanos() - cpu) / 1e9 * per10k)
                    .put("expiry_wall_s_per_10k", (System.nanoTime() - started) / 1e9 * per10k);
        } finally {
            service.close();
        }
    }

    /** Seconds from closing one of two instances until the other serves every article. */
    private double failover(EmbeddedKafkaBroker broker, int count, int standbys) throws Exception {
        String app = "bench-failover-" + standbys;
        seed(broker, app, count, 2);
        // no warm-up replicas (any lag is acceptable): each instance gets one active task at once, and only a
        // standby keeps a copy of the other's
        Map<String, String> settings = Map.of(ARTICLES_EXPIRY_CHECK_MS, String.valueOf(HOUR),
                NUM_STANDBY_REPLICAS, String.valueOf(standbys), TOPIC_PARTITIONS, "2",
                KAFKA_PASSTHROUGH_PREFIX + "acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE));
        EnrichmentService first = start(broker, app, dir(), settings);
        EnrichmentService second = start(broker, app, dir(), settings);
        List<List<String>> samples = samples(count, 2);
        List<String> all = samples.stream().flatMap(List::stream).toList();
        try {
            // each instance serves one partition (and, with a standby, holds a caught-up copy of the other)
            await(() -> serves(first, false, samples.get(0)) != serves(first, false, samples.get(1))
                            && serves(second, false, samples.get(0)) != serves(first, false, samples.get(0))
                            && (standbys == 0 || serves(first, true, all) && serves(second, true, all)),
                    "the instances did not load their state");
            long started = System.nanoTime();
            // Kafka Streams stays in the group on close (for rolling restarts): leave it, as a crash is noticed
            // only after session.timeout.ms, which this figure leaves out
            first.streams().close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofMinutes(2)));
            first.close();
            await(() -> serves(second, false, all), "the survivor did not take over");
            return (System.nanoTime() - started) / 1e9;
        } finally {
            first.close();
            second.close();
        }
    }

    /**
     * About 50 seeded ids of each partition, its last one included: seeded in order, a copy that holds a
     * partition's last id has caught up with it. Reading a sample, not the store, keeps the polling cheap.
     */
    private static List<List<String>> samples(int count, int partitions) {
        List<List<String>> byPartition = new java.util.ArrayList<>();
        List<String> last = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new java.util.ArrayList<>());
            last.add(null);
        }
        int step = Math.max(1, count / (50 * partitions));
        for (int i = 0; i < count; i++) {
            String id = String.format("stored-%07d", i);
            int p = partitionOf(id, partitions);
            last.set(p, id);
            if (i % step == 0) {
                byPartition.get(p).add(id);
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (last.get(p) != null) {
                byPartition.get(p).add(last.get(p));
            }
        }
        return byPartition;
    }

    private static boolean serves(EnrichmentService service, boolean withStandbys, List<String> ids) {
        ReadOnlyKeyValueStore<String, ArticleState> store = store(service, withStandbys);
        return ids.stream().allMatch(id -> store.get(id) != null);
    }

    /** The partition Kafka Streams' default partitioner gives the article id: its task's partition. */
    private static int partitionOf(String id, int partitions) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Articles this instance serves (active tasks), or holds at all (with its standbys). */
    private static long held(EnrichmentService service, boolean withStandbys) {
        try (var all = store(service, withStandbys).all()) {
            long n = 0;
            while (all.hasNext()) {
                all.next();
                n++;
            }
            return n;
        }
    }

    private static ReadOnlyKeyValueStore<String, ArticleState> store(EnrichmentService service, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, ArticleState>> query = StoreQueryParameters
                .fromNameAndType(EnrichmentTopology.ARTICLES_STORE, QueryableStoreTypes.keyValueStore());
        return service.streams().store(stale ? query.enableStaleStores() : query);
    }

    /** Writes the changelogs of {@code app}: the states and their index entries; returns the bytes written. */
    private long seed(EmbeddedKafkaBroker broker, String app, int count, int partitions) throws Exception {
        String articles = app + "-" + EnrichmentTopology.ARTICLES_STORE + "-changelog";
        String index = app + "-" + EnrichmentTopology.ARTICLE_EXPIRY_STORE + "-changelog";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, config.require(MAX_MESSAGE_BYTES));
            admin.createTopics(List.of(new NewTopic(articles, partitions, (short) 1).configs(compact),
                    new NewTopic(index, partitions, (short) 1).configs(compact))).all().get();
        }
        long due = System.currentTimeMillis() - HOUR;
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.parseInt(config.require(MAX_MESSAGE_BYTES))),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String id = String.format("stored-%07d", i);
                byte[] key = id.getBytes(StandardCharsets.UTF_8);
                int partition = partitionOf(id, partitions);
                producer.send(new ProducerRecord<>(articles, partition, id, state));
                producer.send(new ProducerRecord<>(index, partition,
                        ArticleExpiry.indexKey(due, ArticleExpiry.ARTICLE, id), key));
                bytes += 2L * key.length + state.length + ArticleExpiry.indexKey(due, ArticleExpiry.ARTICLE, id).length();
            }
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(index, p, ArticleExpiry.BACKFILL_DONE, "1".getBytes(StandardCharsets.UTF_8)));
            }
        }
        LOG.info("Seeded {} with {} articles ({} MB)", app, count, bytes / 1_000_000);
        return bytes;
    }

    private EnrichmentService start(EmbeddedKafkaBroker broker, String app, Path dir, Map<String, String> settings)
            throws InterruptedException {
        EnrichmentService service = EnrichmentService.start(config.with(settings).with(Map.of(
                BOOTSTRAP_SERVERS, broker.bootstrapServers(), APPLICATION_ID, app, STATE_DIR, dir.toString(),
                HTTP_PORT, "-1", TOPIC_ARTICLES, app + "-articles", TOPIC_QUESTIONS, app + "-questions")));
        if (!service.awaitRunning(WAIT)) {
            service.close();
            throw new IllegalStateException(app + " did not reach RUNNING");
        }
        return service;
    }

    /** The RocksDB files (and checkpoints) of a closed instance's state directory: what its disk holds. */
    private static long bytesOnDisk(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static Path dir() throws java.io.IOException {
        return Files.createTempDirectory("bertstream-bench-state-");
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (InvalidStateStoreException e) {
                // rebalancing or restoring: ask again
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(failure);
    }
}
