package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code broker}: a single-node KRaft Apache Kafka broker on its own, until stopped. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node KRaft Apache Kafka broker (broker + controller) in this process.",
                "It takes no --config or --set: its only settings are the options below."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    // not relative to the working directory: a broker started from elsewhere would come up empty
    @Option(names = "--data-dir", defaultValue = "${sys:user.home}/.bertstream/kafka-data",
            description = "Log directory; restarting on the same directory keeps the data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(dataDir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.err.println("Kafka broker ready on " + broker.bootstrapServers() + " (data in "
                + dataDir.toAbsolutePath() + ")");
        broker.awaitShutdown();
        return 0;
    }
}
