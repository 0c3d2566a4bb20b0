package io.bertstream.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One instance of the service ({@code run}) as its own process, on its own state directory. */
final class ServiceProcess implements AutoCloseable {

    private final ChildProcess process;
    private final Path stateDir;
    private int logLengthAtStart;

    ServiceProcess(String name, Path jar, Path logDir, Path stateDir, Map<String, String> settings) {
        this.stateDir = stateDir;
        List<String> args = new ArrayList<>(List.of("run", "--set", "state.dir=" + stateDir));
        settings.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        this.process = ChildProcess.java(name, logDir, List.of("-Xmx1g"), jar, args);
    }

    ServiceProcess start() {
        logLengthAtStart = process.logText().length();
        process.start();
        return this;
    }

    /** SIGKILL: no commit, no clean close, the state directory left as it is. */
    void kill() {
        process.kill();
    }

    /** Deletes the state directory, so the next start restores every store from its changelog. */
    void wipeState() {
        Directories.deleteTree(stateDir);
    }

    /** Whether Kafka Streams reached RUNNING since the last start. */
    boolean reachedRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException(process.name() + " exited; see " + process.log());
        }
        return process.logText().substring(logLengthAtStart).contains("REBALANCING -> RUNNING");
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return process.name();
    }

    @Override
    public void close() {
        process.stop();
    }
}
