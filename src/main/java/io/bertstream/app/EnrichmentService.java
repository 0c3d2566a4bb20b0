package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.http.BearerAuth;
import io.bertstream.http.Exposure;
import io.bertstream.http.HttpApi;
import io.bertstream.http.HttpSettings;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.kafka.AbandonedTransactions;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.kafka.KafkaFailures;
import io.bertstream.kafka.KafkaReachability;
import io.bertstream.metrics.ServiceMetrics;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.serde.EventSerdes;
import io.bertstream.topology.EnrichmentTopology;
import io.bertstream.topology.ProductionRejections;
import io.bertstream.topology.TopologySettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.bertstream.config.ConfigKeys.ABANDONED_TRANSACTIONS_CHECK_MS;
import static io.bertstream.config.ConfigKeys.APPLICATION_ID;
import static io.bertstream.config.ConfigKeys.APPLICATION_SERVER;
import static io.bertstream.config.ConfigKeys.BOOTSTRAP_SERVERS;
import static io.bertstream.config.ConfigKeys.HTTP_PORT;
import static io.bertstream.config.ConfigKeys.PROCESSING_GUARANTEE;
import static io.bertstream.config.ConfigKeys.SHUTDOWN_TIMEOUT_MS;
import static io.bertstream.config.ConfigKeys.STREAMS_FAILURES_UNHEALTHY;
import static io.bertstream.config.ConfigKeys.TOPIC_CREATE;

/**
 * The running service: the broker (in-process when none is configured), the models, the topology and its
 * Kafka Streams instance, its metrics and its HTTP API. {@code main} and tests wire it; it holds no logic of the
 * topology itself.
 */
public final class EnrichmentService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentService.class);

    private final BertstreamConfig config;
    private final EmbeddedKafkaBroker broker;
    private final KafkaConnection kafka;
    private final OnnxSentenceEncoder encoder;
    private final ArticleAnswerer answerer;
    private final EventSerdes serdes;
    private final EnrichmentTopology.Stats stats = EnrichmentTopology.Stats.create();
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final KafkaStreams streams;
    private final RestoreLog restores = new RestoreLog();
    private final StreamFailures failures;
    /** One admin client for the service's own reads of the broker (committed offsets, open transactions). */
    private final Admin admin;
    private final CommittedOffsets committed;
    private HttpApi http;
    private AbandonedTransactions abandoned;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set when a close timed out: a stream thread or an HTTP route may still be inside an inference. */
    private volatile boolean mayStillInfer;

    private EnrichmentService(BertstreamConfig config) {
        this.config = config;
        OpenedSoFar opened = new OpenedSoFar();
        opened.add(metrics);
        try {
            StreamsProperties.exactlyOnce(config.require(PROCESSING_GUARANTEE)); // before the broker or any model
            if (config.isSet(BOOTSTRAP_SERVERS)) {
                this.broker = null;
                this.kafka = KafkaConnection.from(config);
                KafkaReachability.require(kafka); // start-up only; later outages are retried
            } else {
                LOG.info("No bootstrap.servers configured: starting an in-process Kafka broker");
                this.broker = opened.add(EmbeddedKafkaBroker.startTemporary());
                this.kafka = KafkaConnection.from(config, broker.bootstrapServers());
            }
            if (config.getBoolean(TOPIC_CREATE)) {
                Topics.ensure(config, kafka);
            }
            Topics.requireCopartitioned(config, kafka);
            this.encoder = opened.add(EncoderFactory.create(config));
            this.answerer = opened.add(AnswererFactory.create(config, encoder));
            this.serdes = EventSerdeFactory.fromConfig(config);
            this.admin = opened.add(Admin.create(kafka.admin()));
            this.committed = new CommittedOffsets(config.require(APPLICATION_ID), admin);
            ProductionRejections rejections = new ProductionRejections();
            this.failures = new StreamFailures(config.getInt(STREAMS_FAILURES_UNHEALTHY),
                    partition -> committed.of(partition)
                            .map(offsets -> List.of(offsets, rejections.notes(partition.orElse(-1)))),
                    this::partitionOfThisThread);
            Topology topology = EnrichmentTopology.build(TopologySettings.from(config), serdes,
                    new EnrichmentTopology.Engines(encoder, answerer), stats, metrics.flow(),
                    rejections);
            LOG.debug("Topology:\n{}", topology.describe());
            this.streams = opened.add(new KafkaStreams(topology, StreamsProperties.from(config, kafka, rejections)));
            metrics.bindEngines(encoder.stats(), answerer.modelStats(), stats);
            metrics.bindStreams(streams);
        } catch (RuntimeException | Error e) {
            opened.closeAll(e); // a failed start leaves no broker, model or client open
            throw e;
        }
        streams.setUncaughtExceptionHandler(failures);
        streams.setGlobalStateRestoreListener(restores);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** The partition of the calling stream thread's only active task, if it has exactly one. */
    private OptionalInt partitionOfThisThread() {
        String thread = Thread.currentThread().getName();
        try {
            Set<Integer> partitions = streams.metadataForLocalThreads().stream()
                    .filter(t -> t.threadName().equals(thread))
                    .flatMap(t -> t.activeTasks().stream())
                    .map(task -> task.taskId().partition())
                    .collect(Collectors.toSet());
            return partitions.size() == 1 ? OptionalInt.of(partitions.iterator().next()) : OptionalInt.empty();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Lets SIGTERM / SIGINT close this service before the JVM's shutdown hooks run (see {@link GracefulStop}). */
    public void closeOnSignal() {
        GracefulStop.install(this::closeAndExit);
    }

    /**
     * Closes the service, then ends the JVM with {@code status}. When the close timed out, a model may still be
     * inside an inference: {@code System.exit} would run ONNX Runtime's shutdown hook, which frees its environment
     * under that inference (SIGSEGV), so the JVM halts instead, without hooks, once the logs are flushed. Nothing
     * is lost by that: what the stream threads did not commit is aborted by the broker and done again after the
     * restart (exactly_once_v2), as after a kill -9; only the stores' checkpoint is missing, so they are restored.
     */
    public void closeAndExit(int status) {
        close();
        if (mayStillInfer) {
            GracefulStop.halt(status);
        }
        System.exit(status);
    }

    /** Builds and starts the service: Kafka Streams, then the HTTP API unless {@code http.port} is -1. */
    public static EnrichmentService start(BertstreamConfig config) {
        if (config.getInt(HTTP_PORT) >= 0) {
            // before the broker and the models: a server open to anyone is refused at once, in one line
            Exposure.check(HttpSettings.from(config), BearerAuth.from(config));
        }
        EnrichmentService service = new EnrichmentService(config);
        try {
            service.streams.start();
            long checkEvery = config.getLong(ABANDONED_TRANSACTIONS_CHECK_MS);
            if (checkEvery > 0) {
                service.abandoned = AbandonedTransactions.start(service.admin, config.require(APPLICATION_ID),
                        Duration.ofMillis(checkEvery));
                service.metrics.bindFencedTransactions(service.abandoned, AbandonedTransactions::fenced);
            }
            if (config.getInt(HTTP_PORT) >= 0) {
                service.http = service.startHttp();
            }
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        return service;
    }

    private HttpApi startHttp() {
        HostInfo self = config.isSet(APPLICATION_SERVER) ? HostInfo.buildFromEndpoint(config.get(APPLICATION_SERVER))
                : null;
        return HttpApi.start(HttpSettings.from(config), BearerAuth.from(config), self,
                new HttpApi.Parts(streams, answerer, metrics));
    }

    /** The port of the HTTP API, when it runs. */
    public OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /** Waits until Kafka Streams is RUNNING (all tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The cluster with the configured security settings, for clients next to the service. */
    public KafkaConnection kafka() {
        return kafka;
    }

    public BertstreamConfig config() {
        return config;
    }

    /** Stream-thread failures in a row with no progress in between (0 until a thread fails). */
    public int streamFailuresInARow() {
        return failures.inARow();
    }

    /** Open transactions of crashed instances this one fenced (0 when the checks are off). */
    public long fencedTransactions() {
        return abandoned == null ? 0 : abandoned.fenced();
    }

    /** What this instance restored from changelogs since it started. */
    public RestoreLog.Totals restored() {
        return restores.totals();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public EventSerdes serdes() {
        return serdes;
    }

    public OnnxSentenceEncoder encoder() {
        return encoder;
    }

    public ArticleAnswerer answerer() {
        return answerer;
    }

    public EnrichmentTopology.Stats stats() {
        return stats;
    }

    /**
     * Stops the HTTP API, closes Kafka Streams cleanly (the stream threads finish their batch and commit), then
     * the models, the metrics, and the in-process broker if any. The ONNX sessions are closed only once no stream
     * thread runs: closing them under a running inference crashes the JVM (SIGSEGV in libonnxruntime).
     */
    @Override
    public synchronized void close() {
        // synchronized: a second caller (a signal, a shutdown hook, main) waits until the first has closed, so no
        // one reaches System.exit, and ONNX Runtime's own shutdown hook, while a stream thread is still inferring
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean idle = true;
        if (http != null) {
            http.close();
            idle = http.idle();
        }
        Duration timeout = Duration.ofMillis(config.getLong(SHUTDOWN_TIMEOUT_MS));
        idle &= streams.close(timeout);
        if (idle) {
            answerer.close();
            encoder.close();
        } else {
            mayStillInfer = true;
            LOG.error("Kafka Streams (or an HTTP route) did not stop within {} ms; the models stay open until the "
                    + "JVM ends", timeout.toMillis());
        }
        if (abandoned != null) {
            abandoned.close();
        }
        admin.close(Duration.ofSeconds(5));
        metrics.close();
        if (broker != null) {
            broker.close();
        }
    }
}
