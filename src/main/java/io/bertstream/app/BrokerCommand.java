package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code broker}: a single-node KRaft Apache Kafka broker on its own, until stopped. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node KRaft Apache Kafka broker (broker + controller) in this process.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "kafka-data",
            description = "Log directory; restarting on the same directory keeps the data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(dataDir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.err.println("Kafka broker ready on " + broker.bootstrapServers());
        broker.awaitShutdown();
        return 0;
    }
}
