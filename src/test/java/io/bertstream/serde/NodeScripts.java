package io.bertstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the Node.js scripts of one directory (with its own {@code package.json} and lock file) as child processes.
 * Node and npm must be on the PATH: without them the constructor fails, it does not skip.
 */
final class NodeScripts {

    /** How a script ended: its exit code (-1 when it was killed at the timeout) and its stdout and stderr. */
    record Run(String command, int exitCode, String output) {

        /** The output with a header, for the test log. */
        String transcript() {
            return "---- " + command + " (exit " + exitCode + ")\n" + output
                    + (output.endsWith("\n") ? "" : "\n") + "---- end of " + command;
        }
    }

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;

    /** Checks that Node runs, and installs the locked dependencies ({@code npm ci}) if node_modules is missing. */
    NodeScripts(Path dir) {
        this.dir = dir.toAbsolutePath();
        Run version = run(List.of("node", "--version"), Map.of(), Duration.ofSeconds(30));
        if (version.exitCode() != 0) {
            throw new IllegalStateException("`node --version` failed in " + this.dir + ":\n" + version.output());
        }
        if (!Files.isDirectory(this.dir.resolve("node_modules"))) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(),
                    INSTALL_TIMEOUT);
            if (install.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed in " + this.dir + ":\n" + install.output());
            }
        }
    }

    /** Runs {@code node script} with {@code env} added to this process's environment. */
    Run node(String script, Map<String, String> env, Duration timeout) {
        return run(List.of("node", script), env, timeout);
    }

    private Run run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run `" + String.join(" ", command) + "`: Node.js 18+ and npm "
                    + "must be on the PATH for the Node interop test (" + e.getMessage() + ")", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        int exitCode = awaitExit(process, timeout);
        return new Run(String.join(" ", command), exitCode, outputOf(output));
    }

    private static int awaitExit(Process process, Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly().waitFor();
            return -1;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String outputOf(CompletableFuture<String> output) {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(output unreadable: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
