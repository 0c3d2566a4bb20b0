package io.bertstream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks once, before a command or the service starts its Kafka work, that {@code bootstrap.servers} answers:
 * when no address accepts a connection within {@link #CONNECT_WAIT}, it fails with one line naming the address and
 * what was tried; a server that accepts but does not speak Kafka gets {@link #ANSWER_WAIT} (a loaded broker can
 * take many seconds to answer: that is not an unreachable address). Kafka's clients
 * would otherwise retry for a minute behind a warning per attempt and end with "Timed out waiting for a node
 * assignment", which names no address. Only start-up is checked: later outages keep the clients' retries.
 */
public final class KafkaReachability {

    public static final Duration CONNECT_WAIT = Duration.ofSeconds(15);
    /** Kafka's own default.api.timeout.ms. */
    public static final Duration ANSWER_WAIT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private KafkaReachability() {
    }

    /** {@link #require(KafkaConnection, Duration, Duration)} with the default waits. */
    public static void require(KafkaConnection kafka) {
        require(kafka, CONNECT_WAIT, ANSWER_WAIT);
    }

    /** Returns once the cluster answered; throws {@link IllegalStateException} with the reason otherwise. */
    public static void require(KafkaConnection kafka, Duration wait, Duration answerWait) {
        List<String> addresses = List.of(kafka.bootstrapServers().split("\\s*,\\s*"));
        List<String> tried = connectAny(addresses, System.nanoTime() + wait.toNanos());
        if (tried != null) {
            throw new IllegalStateException("Cannot reach Kafka at bootstrap.servers=" + kafka.bootstrapServers()
                    + " within " + wait.toSeconds() + " s: tried " + String.join(", ", tried)
                    + ". Is the broker running, and is this the host and port of its listener?");
        }
        Collection<Node> nodes = describeCluster(kafka, answerWait);
        // the cluster answers, but clients then talk to the addresses it advertises (e.g. kafka:9092 from a host)
        List<String> unreachable = new ArrayList<>();
        for (Node node : nodes) {
            String outcome = connect(node.host(), node.port());
            if (outcome != null) {
                unreachable.add(node.host() + ":" + node.port() + " (" + outcome + ")");
            }
        }
        if (!unreachable.isEmpty() && unreachable.size() == nodes.size()) {
            throw new IllegalStateException("Kafka at bootstrap.servers=" + kafka.bootstrapServers()
                    + " answered, but its brokers advertise " + String.join(", ", unreachable)
                    + ", which this machine cannot reach: use the broker's listener for clients where you run this "
                    + "(e.g. localhost:29092 from the host with docker compose)");
        }
    }

    /** Null once one address accepts a TCP connection; else what each attempt gave, retried until the deadline. */
    private static List<String> connectAny(List<String> addresses, long deadline) {
        while (true) {
            List<String> tried = new ArrayList<>();
            for (String address : addresses) {
                int colon = address.lastIndexOf(':');
                String outcome;
                if (colon <= 0) {
                    outcome = "not HOST:PORT";
                } else {
                    try {
                        outcome = connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
                    } catch (NumberFormatException e) {
                        outcome = "not HOST:PORT";
                    }
                }
                if (outcome == null) {
                    return null;
                }
                tried.add(address + " (" + outcome + ")");
            }
            if (System.nanoTime() + RETRY_PAUSE.toNanos() > deadline) {
                return tried;
            }
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tried;
            }
        }
    }

    /** Null when a TCP connection to host:port succeeds, else why not. */
    private static String connect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return null;
        } catch (UnknownHostException e) {
            return "unknown host";
        } catch (ConnectException e) {
            return "connection refused";
        } catch (SocketTimeoutException e) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Collection<Node> describeCluster(KafkaConnection kafka, Duration wait) {
        int remainingMs = (int) wait.toMillis();
        Map<String, Object> settings = new HashMap<>(kafka.admin());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remainingMs);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, remainingMs);
        try (Admin admin = Admin.create(settings)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs)).nodes()
                    .get(remainingMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (KafkaFailures.isSecurityFailure(e)) {
                throw new IllegalStateException(KafkaFailures.describe("Cannot connect to Kafka at "
                        + kafka.bootstrapServers(), e), e);
            }
            throw new IllegalStateException("A server listens at bootstrap.servers=" + kafka.bootstrapServers()
                    + ", but no Kafka answer came within " + remainingMs / 1000 + " s (" + rootMessage(e)
                    + "). Is it a Kafka listener, and do security.protocol and the sasl.*/ssl.* settings match it?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reaching Kafka at " + kafka.bootstrapServers(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
