package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A service whose start fails half-way closes what it had opened: before, the in-process broker, the models and
 * the admin client built before the failing step stayed open (their threads kept the JVM alive after
 * {@code bertstream run} had already said why it could not start). Real broker, real models; the failures are
 * a model file that does not exist (after the in-process broker started) and a Kafka Streams setting that
 * Kafka Streams refuses (after the models and the admin client).
 */
class FailedStartIT {

    @TempDir
    Path stateDir;

    @Test
    void aMissingModelAfterTheInProcessBrokerStartedLeavesNoBrokerRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        BertstreamConfig config = BertstreamConfig.of(Map.of(
                "state.dir", stateDir.toString(),
                "schema.registry.url", "mock://failed-start-it",
                "http.port", "-1",
                "model.path", stateDir.resolve("no-such-model.onnx").toString()));
        RuntimeException failure = assertThrows(RuntimeException.class, () -> EnrichmentService.start(config));
        System.out.println("start failed as expected: " + failure);
        assertEquals(List.of(), threadsLeftSince(before), "threads the failed start left running");
    }

    @Test
    void aSettingKafkaStreamsRefusesLeavesNoAdminClientOrModelOpen() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            BertstreamConfig config = EnrichmentServiceIT.config(broker, stateDir, "failed-start-it-2", 1_000)
                    .with(Map.of("kafka.default.deserialization.exception.handler", "no.such.Handler"));
            RuntimeException failure = assertThrows(RuntimeException.class, () -> EnrichmentService.start(config));
            System.out.println("start failed as expected: " + failure);
            assertEquals(List.of(), threadsLeftSince(before), "threads the failed start left running");
        }
    }

    /** The names of threads started since {@code before} that are still alive after a short grace. */
    private static List<String> threadsLeftSince(Set<Thread> before) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) { // threads end a little after their owner's close returned
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !jvmWide(t.getName()))
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        return left;
    }

    /**
     * Threads the JVM or a library starts once per JVM and keeps on purpose, whoever asked first: JNA's cleaner,
     * and the tick threads of the Yammer metrics registry the broker's code registers in (a static default).
     */
    private static boolean jvmWide(String name) {
        return name.startsWith("ForkJoinPool") || name.equals("Common-Cleaner") || name.equals("process reaper")
                || name.equals("Attach Listener") || name.equals("JNA Cleaner")
                || name.startsWith("metrics-meter-tick-thread-");
    }
}
