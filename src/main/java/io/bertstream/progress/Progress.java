package io.bertstream.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long commands ({@code eval-qa}, {@code bench}, training): done/total, rate and
 * ETA, redrawn at most twice a second. Silent unless attached to a terminal and not asked for machine output
 * ({@code --json}), so logs and pipes stay clean. Not thread-safe: one loop reports.
 */
public final class Progress implements AutoCloseable {

    private static final long REDRAW_NANOS = 500_000_000L;

    private final String label;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long started;
    private long done;
    private long lastDrawn;
    private boolean drawn;

    Progress(String label, String unit, long total, PrintStream out, LongSupplier clock) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A progress line for a command: drawn only on a terminal ({@code System.console() != null}) and without --json. */
    public static Progress forCommand(String label, String unit, long total, boolean json) {
        return new Progress(label, unit, total, json || System.console() == null ? null : System.err, System::nanoTime);
    }

    /** {@code count} more units done. */
    public void advance(long count) {
        update(done + count);
    }

    /** {@code doneSoFar} units done in all. */
    public void update(long doneSoFar) {
        done = doneSoFar;
        long now = clock.getAsLong();
        if (out != null && (!drawn || now - lastDrawn >= REDRAW_NANOS || done >= total)) {
            out.print("\r" + line(now));
            out.flush();
            lastDrawn = now;
            drawn = true;
        }
    }

    /** "label: 120/2000 questions (6%), 45.3/s, ETA 0:41". */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? clock((long) ((total - done) / rate)) : "0:00";
        return String.format(Locale.ROOT, "%s: %d/%d %s (%d%%), %.1f/s, ETA %s", label, done, total, unit,
                total == 0 ? 100 : done * 100 / total, rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Ends the line. */
    @Override
    public void close() {
        if (out != null && drawn) {
            out.println();
        }
    }
}
