package io.bertstream.topology;

import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.serde.MockSchemaRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service in a child JVM, for {@link BatchRestartIT}: args are {@code key=value} settings. Prints
 * {@value #READY} on stdout once Kafka Streams is RUNNING, closes cleanly when its stdin closes or on SIGTERM, and is
 * otherwise killed (-9) by the test to simulate a crash.
 */
public final class RestartChild {

    static final String READY = "RUNNING";
    static final String REGISTRY_SCOPE = "restart-it";

    private RestartChild() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        registerSchemas();
        EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(settings));
        // as the run command does: SIGTERM (or the end of main) closes the service cleanly
        service.closeOnSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "close-service"));
        if (!service.awaitRunning(Duration.ofMinutes(2))) {
            throw new IllegalStateException("Kafka Streams did not reach RUNNING");
        }
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our stdin, sends SIGTERM, or kills us
        }
        // close before exiting (waiting for a close a signal may have begun): exiting at once would run ONNX
        // Runtime's shutdown hook under a running inference
        service.close();
        Thread.sleep(1_000); // a SIGTERM handler that closed the service exits with 143 first
        service.closeAndExit(0); // the stream threads are not daemons; halts if the close timed out
    }

    /**
     * The mock registry lives in one JVM, so the test and each child register the event schemas in the same
     * order in a fresh scope: the mock assigns ids sequentially, so the ids (1 = Article, 2 = Summary) agree
     * across JVMs and each side decodes what the other wrote.
     */
    static int[] registerSchemas() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(REGISTRY_SCOPE);
        return new int[]{registry.register("articles-value", Article.getClassSchema()),
                registry.register("summaries-value", Summary.getClassSchema())};
    }
}
