package io.bertstream.chaos;

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
 * Apicurio Registry (in-memory storage) as its own process, from the distribution the build unpacks into
 * {@code target/apicurio}: a schema registry that separate processes share, reached through its
 * Confluent-compatible API.
 */
final class RegistryProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private RegistryProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static RegistryProcess start(Path projectDir, Path logDir, int port) {
        Path runner = runnerJar(projectDir.resolve("target/apicurio"));
        ChildProcess process = ChildProcess.java("registry", logDir,
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                        "-Dquarkus.http.host=127.0.0.1"), runner, List.of()).start();
        RegistryProcess registry = new RegistryProcess(process, port);
        Await.until("the schema registry on port " + port, Duration.ofSeconds(120), registry::answers);
        return registry;
    }

    private static Path runnerJar(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Apicurio runner jar in " + dir));
        } catch (IOException e) {
            throw new IllegalStateException("No Apicurio Registry in " + dir + ": run mvn package first", e);
        }
    }

    /** The URL to configure as schema.registry.url. */
    String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The schema registry exited; see " + process.log());
        }
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
