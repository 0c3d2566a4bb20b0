package io.bertstream.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code broker} command as its own process: a persistent KRaft broker, restartable on its data dir and port. */
final class BrokerProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    BrokerProcess(Path jar, Path logDir, Path dataDir, int port) {
        this.port = port;
        this.process = ChildProcess.java("broker", logDir, List.of("-Xmx768m"), jar,
                List.of("broker", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
    }

    /** Starts the broker and waits until it answers a metadata request. */
    BrokerProcess start() {
        process.start();
        Await.until("the broker on port " + port, Duration.ofSeconds(120), this::answers);
        return this;
    }

    void kill() {
        process.kill();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The broker exited; see " + process.log());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            admin.listTopics(new ListTopicsOptions().timeoutMs(2000)).names().get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
