package io.bertstream.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker + controller) running in this JVM.
 * Used by the embedded default of {@code run}/{@code demo}, by the {@code broker} command and by the tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final Map<String, Integer> extraPorts = new LinkedHashMap<>();
    private final List<Listener> extraListeners;
    private KafkaRaftServer server;

    /**
     * A listener besides the plaintext one (which brokers and tools keep using): {@code name} is also the
     * listener name, {@code protocol} a security protocol (SASL_PLAINTEXT, SSL, SASL_SSL), and {@code settings}
     * its broker settings without the {@code listener.name.<name>.} prefix (e.g. {@code ssl.keystore.location},
     * {@code plain.sasl.jaas.config}).
     */
    public record Listener(String name, String protocol, Map<String, String> settings) {
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int port, List<Listener> extraListeners) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.extraListeners = List.copyOf(extraListeners);
        extraListeners.forEach(listener -> extraPorts.put(listener.name(), freePort()));
    }

    /** A broker on a free port with its data in a fresh temporary directory, deleted on close. */
    public static EmbeddedKafkaBroker startTemporary() {
        return startTemporary(List.of());
    }

    /** A temporary broker with more listeners (secured ones, for tests); see {@link #bootstrapServers(String)}. */
    public static EmbeddedKafkaBroker startTemporary(List<Listener> extraListeners) {
        try {
            return start(Files.createTempDirectory("bertstream-kafka-"), true, freePort(), extraListeners);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker on the given port (0 = any free port) keeping its data in {@code dataDir}: restarting on the same
     * directory keeps topics, offsets and transactions.
     */
    public static EmbeddedKafkaBroker startPersistent(Path dataDir, int port) {
        return start(dataDir, false, port == 0 ? freePort() : port, List.of());
    }

    private static EmbeddedKafkaBroker start(Path dataDir, boolean deleteOnClose, int port,
                                             List<Listener> extraListeners) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, deleteOnClose, port, extraListeners);
        broker.startServer();
        return broker;
    }

    private void startServer() {
        int controllerPort = freePort();
        Properties props = brokerProperties(controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(config);
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info("Kafka broker listening on {} (data in {}), started in {} ms", bootstrapServers(), dataDir,
                (System.nanoTime() - started) / 1_000_000);
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        for (Listener listener : extraListeners) {
            listeners.append(',').append(listener.name()).append("://127.0.0.1:").append(extraPorts.get(listener.name()));
            protocols.append(',').append(listener.name()).append(':').append(listener.protocol());
            String prefix = "listener.name." + listener.name().toLowerCase(java.util.Locale.ROOT) + ".";
            listener.settings().forEach((key, value) -> p.put(prefix + key, value));
        }
        p.put("listeners", listeners + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listeners.toString());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", protocols.toString());
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // one node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // the cleaner's default 128 MiB dedupe buffer would dominate the heap of a small node
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // room for large articles and stored article state (the service's max.message.bytes is 16 MiB)
        p.put("message.max.bytes", String.valueOf(32 * 1024 * 1024));
        return p;
    }

    /** Formats the storage directory unless it is formatted already (a restart on the same data). */
    private void format(KafkaConfig config) {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId())
                    .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setIgnoreFormatted(true)
                    .setPrintStream(quiet)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir, e);
        }
    }

    /**
     * The cluster id of a formatted directory, else a new one. The formatter checks the id even when told to
     * ignore a formatted directory, so a restart on the same data must pass the id it was formatted with
     * (a fresh random id made every restart fail with "Invalid cluster.id").
     */
    private String clusterId() {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Uuid.randomUuid().toString();
        }
        try (Reader reader = Files.newBufferedReader(meta)) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties.getProperty("cluster.id");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + meta, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The address of one of the extra listeners. */
    public String bootstrapServers(String listenerName) {
        Integer listenerPort = extraPorts.get(listenerName);
        if (listenerPort == null) {
            throw new IllegalArgumentException("no listener " + listenerName);
        }
        return "127.0.0.1:" + listenerPort;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until the broker has shut down (used by the {@code broker} command). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    /** A TCP port free on this machine now (for brokers, registries and HTTP servers started next). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
