package io.bertstream.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Injects faults one at a time and, before the next, waits until every partition has produced output again. */
final class FaultRecorder {

    /** What a fault does: it returns once the failed part was restarted (or, for a fail-over, at once). */
    interface Injection {
        void run();
    }

    private final OutputLedger ledger;
    private final int partitions;
    private final Duration recoveryTimeout;
    private final List<Fault> faults = new ArrayList<>();

    FaultRecorder(OutputLedger ledger, int partitions, Duration recoveryTimeout) {
        this.ledger = ledger;
        this.partitions = partitions;
        this.recoveryTimeout = recoveryTimeout;
    }

    /** Runs the injection; {@code restart} brings the failed part back (a no-op for a fail-over). */
    void inject(String name, Injection fault, Injection restart) {
        long injectedAt = System.currentTimeMillis();
        fault.run();
        long resumedAt = System.currentTimeMillis();
        restart.run();
        faults.add(new Fault(name, injectedAt, resumedAt, awaitOutputOnEveryPartition(resumedAt)));
    }

    private OptionalLong awaitOutputOnEveryPartition(long since) {
        long deadline = System.currentTimeMillis() + recoveryTimeout.toMillis();
        OptionalLong recovered = outputOnEveryPartition(since);
        while (recovered.isEmpty() && System.currentTimeMillis() < deadline) {
            Await.sleep(Duration.ofMillis(250));
            recovered = outputOnEveryPartition(since);
        }
        return recovered;
    }

    /** When the last partition produced its first output since {@code since}, or empty if one has not yet. */
    private OptionalLong outputOnEveryPartition(long since) {
        long latest = 0;
        for (int p = 0; p < partitions; p++) {
            OptionalLong first = ledger.firstAfter(since, p, partitions);
            if (first.isEmpty()) {
                return OptionalLong.empty();
            }
            latest = Math.max(latest, first.getAsLong());
        }
        return OptionalLong.of(latest);
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }
}
