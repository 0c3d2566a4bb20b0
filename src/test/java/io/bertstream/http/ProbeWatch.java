package io.bertstream.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks {@code /health} and {@code /ready} every 100 ms on a fresh connection (as the kubelet does) and samples the
 * heap in use, until closed: the slowest probe, the probes that failed, the peak heap.
 */
final class ProbeWatch implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private volatile long slowestNanos;
    private volatile long peakHeapBytes;
    private volatile int probes;

    ProbeWatch(int port) {
        this.port = port;
        this.thread = new Thread(this::watch, "probe-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running.get()) {
            for (String path : List.of("/health", "/ready")) {
                probe(path);
            }
            peakHeapBytes = Math.max(peakHeapBytes, MEMORY.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void probe(String path) {
        long started = System.nanoTime();
        try {
            int status = RawHttp.getOnce(port, path, Duration.ofSeconds(2));
            if (status != 200) {
                record(path + " -> " + status);
            }
        } catch (Exception e) {
            record(path + " -> " + e);
        }
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
        probes++;
    }

    private synchronized void record(String failure) {
        failures.add(failure);
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos);
    }

    /** The first few failures. */
    synchronized List<String> failures() {
        return List.copyOf(failures.subList(0, Math.min(5, failures.size())));
    }

    int probes() {
        return probes;
    }

    long peakHeapBytes() {
        return peakHeapBytes;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
