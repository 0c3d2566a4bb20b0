package io.bertstream.app;

import io.bertstream.serde.EventJson;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static io.bertstream.config.ConfigKeys.*;

/**
 * {@code demo}: the whole service on an in-process broker: articles in, summaries out, questions answered,
 * every output printed as a JSON line on stdout, then a clean shutdown.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an in-process broker and the service, send articles and questions, print every output "
                + "event as a JSON line, and exit (or, with --keep-running, stay up). The web page's address is "
                + "printed on stderr.")
public final class DemoCommand implements Callable<Integer> {

    private static final List<String> SAMPLES = List.of("harbour-bridge", "solar-farm", "museum-robot");

    @Mixin
    ConfigOptions config;

    @Option(names = "--article", paramLabel = "FILE",
            description = "Article text file (repeatable); its id is the file name without extension. "
                    + "Default: three bundled sample articles.")
    List<Path> articles = new ArrayList<>();

    @Option(names = "--question", paramLabel = "TEXT", description = "A question about the last article (repeatable).")
    List<String> questions = new ArrayList<>();

    @Option(names = "--keep-running", description = "After the questions are answered, keep the broker, the service "
            + "and its web page up until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for the outputs (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Path stateDir = Files.createTempDirectory("bertstream-demo-");
        try {
            return demo(stateDir);
        } finally {
            Utils.delete(stateDir.toFile()); // after the service closed: its state is of no use to a later demo
        }
    }

    private int demo(Path stateDir) throws Exception {
        // a fresh state and any free HTTP port on loopback by default, so a demo never collides with a running service
        BertstreamConfig c = config.load(Map.of(STATE_DIR, stateDir.toString(), HTTP_PORT, "0",
                HTTP_BIND_ADDRESS, "127.0.0.1"));
        Map<String, String> bodies = bodies();
        try (EnrichmentService service = EnrichmentService.start(c);
             OutputReader outputs = new OutputReader(service.kafka(), service.serdes(),
                     c.require(TOPIC_SUMMARIES), c.require(TOPIC_ANSWERS))) {
            service.httpPort().ifPresent(port -> System.err.println("Web page: " + pageUrl(c, port)));
            produceArticles(service, c, bodies);
            boolean summarised = outputs.readUntil(seen -> keysOf(seen, Summary.class).containsAll(bodies.keySet()),
                    timeout, DemoCommand::print);
            if (!summarised) {
                System.err.println("error: not every article was summarised within " + timeout);
                return 1;
            }
            String lastId = new ArrayList<>(bodies.keySet()).get(bodies.size() - 1);
            List<String> questionIds = askQuestions(service, c, lastId);
            boolean answered = outputs.readUntil(seen -> seen.stream()
                            .filter(o -> o.value() instanceof Answer)
                            .map(o -> ((Answer) o.value()).getQuestionId())
                            .collect(Collectors.toSet()).containsAll(questionIds),
                    timeout, DemoCommand::print);
            if (!answered) {
                System.err.println("error: not every question was answered within " + timeout);
                return 1;
            }
            if (keepRunning) {
                service.httpPort().ifPresent(port -> System.err.println("Web page: " + pageUrl(c, port)));
                System.err.println("Running until Ctrl-C.");
                service.closeOnSignal();
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    /** The web page's address: the bound address, or loopback when bound to every interface. */
    static String pageUrl(BertstreamConfig c, int port) {
        String host = c.require(HTTP_BIND_ADDRESS);
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (c.isSet(HTTP_TLS_KEYSTORE_PATH) ? "https" : "http") + "://" + host + ":" + port + "/ui/";
    }

    private static void print(OutputReader.Output o) {
        System.out.println(EventJson.line(o.value() instanceof Answer ? "answer" : "summary", o.key(), o.value()));
        System.out.flush();
    }

    private static Set<String> keysOf(List<OutputReader.Output> seen, Class<?> type) {
        return seen.stream().filter(o -> type.isInstance(o.value())).map(OutputReader.Output::key)
                .collect(Collectors.toSet());
    }

    private Map<String, String> bodies() throws IOException {
        Map<String, String> bodies = new LinkedHashMap<>();
        if (articles.isEmpty()) {
            for (String sample : SAMPLES) {
                bodies.put(sample, sample(sample));
            }
        }
        for (Path file : articles) {
            String name = file.getFileName().toString();
            bodies.put(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name,
                    Files.readString(file, StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static String sample(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/bertstream/samples/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void produceArticles(EnrichmentService service, BertstreamConfig c, Map<String, String> bodies)
            throws Exception {
        try (KafkaProducer<String, Article> producer = EventClients.producer(service.kafka(),
                service.serdes().article().serializer())) {
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                Article article = Article.newBuilder().setId(e.getKey()).setBody(e.getValue())
                        .setPublishedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(c.require(TOPIC_ARTICLES), e.getKey(), article)).get();
            }
        }
    }

    private List<String> askQuestions(EnrichmentService service, BertstreamConfig c, String articleId)
            throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, Question> producer = EventClients.producer(service.kafka(),
                service.serdes().question().serializer())) {
            for (int i = 0; i < questions.size(); i++) {
                String id = articleId + "-q" + (i + 1);
                Question q = Question.newBuilder().setQuestionId(id).setArticleId(articleId)
                        .setQuestion(questions.get(i)).setAskedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(c.require(TOPIC_QUESTIONS), articleId, q)).get();
                ids.add(id);
            }
        }
        return ids;
    }
}
