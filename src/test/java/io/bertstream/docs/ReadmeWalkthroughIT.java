package io.bertstream.docs;

import io.bertstream.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the README's walk-throughs as written, against the built jar, so the two cannot drift apart. Each step is
 * a fenced {@code sh} block after a marker comment:
 * {@code <!-- walkthrough:NAME background ready='TEXT' -->} (started, then awaited until its output holds TEXT;
 * stopped at the end, as a user's Ctrl-C) or {@code <!-- walkthrough:NAME expect='TEXT' -->} (run to its end: exit
 * 0 and TEXT in its output). A foreground step runs after the {@code export} lines of the steps before it, as in
 * one terminal. Only the ports and the walk-through's folder are replaced, by free ports and a temporary folder,
 * so that the test can run beside anything (the README's 9092, 8080, 8081 and /tmp/bertstream-walkthrough).
 */
class ReadmeWalkthroughIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern MARKER = Pattern.compile(
            "<!-- walkthrough:(\\w+)( background)?(?: ready='([^']*)')?(?: expect='([^']*)')? -->\\s*\\n```sh\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern EXPORT = Pattern.compile("(?m)^export .*$");

    record Step(boolean background, String awaited, String script) {
    }

    static List<Step> steps(String readme, String walkthrough) {
        List<Step> steps = new ArrayList<>();
        Matcher m = MARKER.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals(walkthrough)) {
                boolean background = m.group(2) != null;
                steps.add(new Step(background, background ? m.group(3) : m.group(4), m.group(5)));
            }
        }
        return steps;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "avro"})
    void theWalkthroughWorksAsWritten(String walkthrough, @TempDir Path folder) throws Exception {
        Path jar = PROJECT.resolve("target/bertstream.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: run through Maven (package comes before the ITs)");
        List<Step> steps = steps(Files.readString(PROJECT.resolve("README.md")), walkthrough);
        assertFalse(steps.isEmpty(), "README.md has no walkthrough:" + walkthrough + " steps");
        Map<String, String> replacements = new LinkedHashMap<>();
        for (String port : List.of("9092", "8080", "8081")) {
            replacements.put(port, String.valueOf(EmbeddedKafkaBroker.freePort()));
        }
        replacements.put("/tmp/bertstream-walkthrough", folder.toString());
        List<Process> background = new ArrayList<>();
        StringBuilder exports = new StringBuilder();
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String script = replace(step.script(), replacements);
                Path log = folder.resolve("step-" + i + ".log");
                System.out.printf("WALKTHROUGH %s step %d%s:%n%s", walkthrough, i, step.background() ? " (background)" : "",
                        script);
                if (step.background()) {
                    Process p = start(script, log);
                    background.add(p);
                    awaitOutput(p, log, step.awaited());
                } else {
                    Process p = start(exports + script, log);
                    if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        fail("step " + i + " still running after " + STEP_TIMEOUT + ":\n" + read(log));
                    }
                    String output = read(log);
                    System.out.println(output.lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN "))
                            .reduce("", (a, b) -> a + "  | " + b + "\n"));
                    assertEquals(0, p.exitValue(), "exit code of step " + i + ":\n" + output);
                    assertTrue(output.contains(step.awaited()), "step " + i + " printed no '" + step.awaited() + "':\n"
                            + output);
                }
                EXPORT.matcher(script).results().forEach(r -> exports.append(r.group()).append('\n'));
            }
        } finally {
            for (int i = background.size() - 1; i >= 0; i--) {
                stop(background.get(i)); // the service before the broker (and the registry)
            }
        }
    }

    private static String replace(String script, Map<String, String> replacements) {
        String result = script;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            result = result.replace(r.getKey(), r.getValue());
        }
        return result;
    }

    private static Process start(String script, Path log) throws IOException {
        return new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitOutput(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!read(log).contains(text)) {
            if (!p.isAlive()) {
                fail("background step exited with " + p.exitValue() + " before printing '" + text + "':\n" + read(log));
            }
            if (System.nanoTime() > deadline) {
                fail("no '" + text + "' within " + STEP_TIMEOUT + ":\n" + read(log));
            }
            Thread.sleep(200);
        }
    }

    /** SIGTERM to the step's processes (bash and the java it runs), as Ctrl-C would; SIGKILL after 60 s. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
