package io.bertstream.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The result of a chaos run as a Markdown table, printed and written to a file. */
final class ChaosReport {

    private ChaosReport() {
    }

    static String markdown(String title, List<Fault> faults, DeliveryCheck check, long startedAtMs) {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        md.append("| # | fault | at (s) | down (s) | recovery (s) |\n|---|---|---|---|---|\n");
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            md.append(String.format("| %d | %s | %.1f | %.1f | %s |%n", i + 1, f.name(),
                    (f.injectedAtMs() - startedAtMs) / 1000.0, f.downSeconds(), f.recoverySeconds()));
        }
        md.append("\nrecovery: from the restart (for the fail-over: from the kill) until every partition had "
                + "produced output again\n\n");
        md.append("| output | sent | received | duplicates | lost | strays | invalid offsets | exactly once |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        row(md, "summaries (per article)", check.summaries());
        row(md, "answers (per questionId)", check.answers());
        if (!check.problems().isEmpty()) {
            md.append("\nproblems:\n");
            check.problems().stream().limit(50).forEach(p -> md.append("- ").append(p).append('\n'));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, DeliveryCheck.Counts c) {
        md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %s |%n", name, c.sent(), c.received(),
                c.duplicates(), c.lost(), c.strays(), c.invalid(), c.exactlyOnce() ? "yes" : "NO"));
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
