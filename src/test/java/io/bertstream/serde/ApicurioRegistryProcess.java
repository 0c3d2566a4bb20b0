package io.bertstream.serde;

import io.bertstream.broker.EmbeddedKafkaBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry (in-memory storage) run as a child process from the tarball the build
 * unpacks into {@code target/apicurio}, for tests against a Confluent-compatible REST API.
 *
 * <pre>{@code
 * try (ApicurioRegistryProcess registry = ApicurioRegistryProcess.start()) {
 *     String url = registry.url(); // http://localhost:PORT/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class ApicurioRegistryProcess implements AutoCloseable {

    /** Where the build unpacks the registry (see the pom's maven-dependency-plugin execution). */
    public static final Path HOME = Path.of("target", "apicurio");

    // generous: on a 2-core machine shared with other builds its start has taken more than 90 s
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final int port;
    private final Path log;

    private ApicurioRegistryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Launches the registry on a free port and waits until its Confluent API answers. */
    public static ApicurioRegistryProcess start() throws IOException, InterruptedException {
        Path runner = runnerJar();
        int port = EmbeddedKafkaBroker.freePort();
        Path log = Files.createTempFile("apicurio-", ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", runner.toString()))
                .directory(HOME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, port, log);
        try {
            registry.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** Base URL of the Confluent-compatible API: {@code http://localhost:PORT/apis/ccompat/v7}. */
    public String url() {
        return "http://localhost:" + port + "/apis/ccompat/v7";
    }

    private static Path runnerJar() throws IOException {
        if (!Files.isDirectory(HOME)) {
            throw new IllegalStateException(HOME.toAbsolutePath() + " missing: run the tests through Maven "
                    + "(process-test-resources unpacks apicurio-registry-app there)");
        }
        try (Stream<Path> files = Files.list(HOME)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + HOME.toAbsolutePath()))
                    .toAbsolutePath();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Apicurio Registry not ready within " + STARTUP_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Stops the registry (and waits for it) and deletes its log. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
