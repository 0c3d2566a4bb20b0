package io.bertstream.chaos;

import io.bertstream.app.EventSerdeFactory;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.serde.ApicurioRegistryProcess;
import io.bertstream.serde.EventSerdes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of a chaos or soak run, each its own JVM: Apicurio Registry, the broker and the service
 * instances, with their data, state and logs under one directory.
 */
final class ChaosCluster implements AutoCloseable {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path JAR = PROJECT.resolve("target/bertstream.jar");

    private final Path dir;
    private final ApicurioRegistryProcess registry;
    private final BrokerProcess broker;
    private final EventSerdes serdes;
    private final List<ServiceProcess> services = new ArrayList<>();

    private ChaosCluster(Path dir, ApicurioRegistryProcess registry, BrokerProcess broker) {
        this.dir = dir;
        this.registry = registry;
        this.broker = broker;
        this.serdes = EventSerdeFactory.fromConfig(BertstreamConfig.of(Map.of("schema.registry.url", registry.url())));
    }

    /** Starts the registry and the broker; services are added with {@link #service}. */
    static ChaosCluster start(Path dir) {
        ApicurioRegistryProcess registry = startRegistry();
        try {
            BrokerProcess broker = new BrokerProcess(JAR, dir, dir.resolve("kafka-data"),
                    EmbeddedKafkaBroker.freePort()).start();
            return new ChaosCluster(dir, registry, broker);
        } catch (RuntimeException e) {
            stop(registry);
            throw e;
        }
    }

    /**
     * A service instance (not started) with its own state directory. Settings: two partitions, one standby,
     * one inference thread (2 shared cores), questions that wait 10 minutes for their article (no
     * ARTICLE_NOT_FOUND through a long outage), and a 10 s session timeout so a killed instance's tasks move
     * sooner than Kafka's default 45 s.
     */
    ServiceProcess service(String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("schema.registry.url", registry.url());
        settings.put("http.port", "-1");
        settings.put("topic.partitions", "2");
        settings.put("num.standby.replicas", "1");
        settings.put("inference.intra.op.threads", "1");
        settings.put("questions.pending.ttl.ms", "600000");
        settings.put("kafka.session.timeout.ms", "10000");
        settings.put("kafka.heartbeat.interval.ms", "2000");
        ServiceProcess service = new ServiceProcess(name, JAR, dir, dir.resolve("state-" + name), settings);
        services.add(service);
        return service;
    }

    BrokerProcess broker() {
        return broker;
    }

    EventSerdes serdes() {
        return serdes;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::close);
        broker.close();
        stop(registry);
    }

    private static ApicurioRegistryProcess startRegistry() {
        try {
            return ApicurioRegistryProcess.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the schema registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the schema registry", e);
        }
    }

    private static void stop(ApicurioRegistryProcess registry) {
        try {
            registry.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
