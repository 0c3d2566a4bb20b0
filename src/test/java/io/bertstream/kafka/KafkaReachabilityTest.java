package io.bertstream.kafka;

import io.bertstream.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unreachable bootstrap.servers fails with one line naming the address and what was tried (before: a minute of
 * warnings, then "Timed out waiting for a node assignment. Call: listTopics", which names no address).
 */
class KafkaReachabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private static String failure(String bootstrapServers) {
        long started = System.nanoTime();
        String message = assertThrows(IllegalStateException.class,
                () -> KafkaReachability.require(KafkaConnection.plaintext(bootstrapServers), WAIT, WAIT)).getMessage();
        System.out.printf("REACHABILITY %s -> after %d ms: %s%n", bootstrapServers,
                (System.nanoTime() - started) / 1_000_000, message);
        return message;
    }

    @Test
    void aClosedPortIsNamedWithConnectionRefused() {
        String address = "127.0.0.1:" + EmbeddedKafkaBroker.freePort();
        String message = failure(address);
        assertTrue(message.startsWith("Cannot reach Kafka at bootstrap.servers=" + address + " within 2 s: tried "
                + address + " (connection refused)."), message);
        assertTrue(message.contains("Is the broker running"), message);
        assertTrue(message.lines().count() == 1, "one line");
    }

    @Test
    void everyAddressIsTriedAndNamed() {
        String closed = "127.0.0.1:" + EmbeddedKafkaBroker.freePort();
        String message = failure("no-such-host.invalid:9092," + closed + ",localhost");
        assertTrue(message.contains("no-such-host.invalid:9092 (unknown host)"), message);
        assertTrue(message.contains(closed + " (connection refused)"), message);
        assertTrue(message.contains("localhost (not HOST:PORT)"), message);
    }

    @Test
    void aServerThatIsNotKafkaIsToldApartFromNoServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts connections (backlog), never answers
            String address = "127.0.0.1:" + silent.getLocalPort();
            String message = failure(address);
            assertTrue(message.startsWith("A server listens at bootstrap.servers=" + address
                    + ", but no Kafka answer came within 2 s"), message);
            assertTrue(message.contains("security.protocol"), message);
        }
    }

    @Test
    void aRunningBrokerPasses() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            KafkaReachability.require(KafkaConnection.plaintext(broker.bootstrapServers()));
        }
    }
}
