package io.bertstream.chaos;

import java.util.OptionalLong;

/**
 * One injected fault: when it hit, when the failed part was back (the restart; for a fail-over, the kill itself),
 * and when every partition produced output again.
 */
record Fault(String name, long injectedAtMs, long resumedAtMs, OptionalLong recoveredAtMs) {

    /** Seconds the failed process was down. */
    double downSeconds() {
        return (resumedAtMs - injectedAtMs) / 1000.0;
    }

    /** Seconds from the restart (or the kill, for a fail-over) to output on every partition again. */
    String recoverySeconds() {
        return recoveredAtMs.isPresent() ? String.format("%.1f", (recoveredAtMs.getAsLong() - resumedAtMs) / 1000.0)
                : "n/a (no output)";
    }
}
