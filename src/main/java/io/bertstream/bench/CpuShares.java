package io.bertstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who used the machine's CPU between two snapshots, as shares of all cores' time: the stream threads (which also
 * run their share of each ONNX call), the in-process broker, the Kafka clients (the producers', consumers' and
 * the benchmark's own threads), and native threads the JVM does not list (ONNX Runtime's pool, GC, JIT). On a
 * real deployment the broker is elsewhere: its share is CPU the model could have had.
 */
final class CpuShares {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Long> javaNanosByPart = new LinkedHashMap<>();
    private final long processNanos;
    private final long wallNanos = System.nanoTime();

    private CpuShares() {
        javaNanosByPart.put("stream", 0L);
        javaNanosByPart.put("broker", 0L);
        javaNanosByPart.put("clients", 0L);
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                javaNanosByPart.merge(partOf(info.getThreadName()), cpu, Long::sum);
            }
        }
        processNanos = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    static CpuShares snapshot() {
        return new CpuShares();
    }

    /** The shares (of wall time x cores) since {@code before}, by part, and "native" for what the JVM does not list. */
    Map<String, Double> sharesSince(CpuShares before) {
        double capacity = (double) (wallNanos - before.wallNanos) * Runtime.getRuntime().availableProcessors();
        Map<String, Double> shares = new LinkedHashMap<>();
        long java = 0;
        for (Map.Entry<String, Long> part : javaNanosByPart.entrySet()) {
            // a thread that ended between the snapshots drops out: a part never goes below 0
            long used = Math.max(0, part.getValue() - before.javaNanosByPart.get(part.getKey()));
            shares.put(part.getKey(), used / capacity);
            java += used;
        }
        if (processNanos >= 0 && before.processNanos >= 0) {
            shares.put("native", Math.max(0, processNanos - before.processNanos - java) / capacity);
        }
        return shares;
    }

    /** By thread name: Kafka Streams' stream threads, the clients' threads, and the broker's (everything else). */
    private static String partOf(String thread) {
        if (thread.contains("StreamThread")) {
            return "stream";
        }
        if (thread.startsWith("kafka-producer-network-thread") || thread.startsWith("kafka-coordinator-heartbeat")
                || thread.startsWith("consumer_background") || thread.equals("main") || thread.startsWith("pool-")
                || thread.contains("StateUpdater") || thread.contains("CleanupThread")) {
            return "clients";
        }
        return "broker";
    }
}
