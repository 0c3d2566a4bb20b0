package io.bertstream.kafka;

import io.bertstream.app.EnrichmentService;
import io.bertstream.cli.Main;
import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service and every client command (produce-article, ask, tail) against the in-process broker's SASL_PLAINTEXT
 * (PLAIN) listener and its TLS listener, with nothing but configuration keys; wrong credentials fail at once with
 * one clear message that holds no secret.
 */
class SecuredKafkaIT {

    private static final String PASSWORD = "alice-s3cret-pw";
    private static final String WRONG_PASSWORD = "not-the-pw-x1";

    private static EmbeddedKafkaBroker broker;
    private static TestCertificates certificates;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(TestCertificates.tempDir());
        broker = EmbeddedKafkaBroker.startTemporary(List.of(
                new EmbeddedKafkaBroker.Listener("SASL", "SASL_PLAINTEXT", Map.of(
                        "sasl.enabled.mechanisms", "PLAIN",
                        "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "user_alice=\"" + PASSWORD + "\";")),
                new EmbeddedKafkaBroker.Listener("TLS", "SSL", Map.of(
                        "ssl.keystore.location", certificates.keystore().toString(),
                        "ssl.keystore.password", certificates.password(),
                        "ssl.key.password", certificates.password(),
                        "ssl.keystore.type", "PKCS12"))));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> sasl(String password) {
        return Map.of(BOOTSTRAP_SERVERS, broker.bootstrapServers("SASL"),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"" + password + "\";");
    }

    private static Map<String, String> tls() {
        // the kafka.* form of the same keys works as well
        return Map.of(BOOTSTRAP_SERVERS, broker.bootstrapServers("TLS"),
                "kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", certificates.truststore().toString(),
                "kafka.ssl.truststore.password", certificates.password(),
                "kafka.ssl.truststore.type", "PKCS12");
    }

    @Test
    void serviceAndEveryCommandWorkOverSasl() throws Exception {
        roundTrip("sasl", sasl(PASSWORD));
    }

    @Test
    void serviceAndEveryCommandWorkOverTls() throws Exception {
        roundTrip("tls", tls());
    }

    @Test
    void wrongCredentialsFailAtOnceWithOneClearErrorAndNoSecret() throws Exception {
        Map<String, String> wrong = sasl(WRONG_PASSWORD);
        Path body = Files.writeString(Files.createTempFile("article-", ".txt"), "One sentence is enough here.");
        for (String[] command : List.of(
                new String[]{"produce-article", "--id", "x", "--file", body.toString()},
                new String[]{"ask", "--article-id", "x", "--question", "Why?"},
                new String[]{"tail", "--max-events", "1"})) {
            long started = System.nanoTime();
            Run run = cli(wrong, command);
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            System.out.printf("SECURED wrong password: %s -> exit %d in %d s: %s%n", command[0], run.exit(), seconds,
                    run.err().strip());
            assertEquals(1, run.exit(), command[0] + ": " + run.err());
            assertTrue(run.err().contains("Kafka refused the credentials"), command[0] + ": " + run.err());
            assertFalse(run.err().contains(WRONG_PASSWORD), "the password is not printed");
            assertTrue(seconds < 30, command[0] + " failed in " + seconds + " s");
        }
        BertstreamConfig config = BertstreamConfig.of(serviceConfig("wrong", wrong));
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> EnrichmentService.start(config).close());
        System.out.println("SECURED wrong password: service -> " + failure.getMessage());
        assertTrue(failure.getMessage().contains("Kafka refused the credentials"), failure.getMessage());
        assertFalse(failure.getMessage().contains(WRONG_PASSWORD));
    }

    /** The service over {@code security}, an article and a question from the CLI, both outputs through tail. */
    private static void roundTrip(String name, Map<String, String> security) throws Exception {
        try (EnrichmentService service = EnrichmentService.start(BertstreamConfig.of(serviceConfig(name, security)))) {
            assertTrue(service.awaitRunning(Duration.ofMinutes(2)), "Kafka Streams RUNNING over " + name);
            Path body = Files.writeString(Files.createTempFile("article-", ".txt"),
                    "The harbour bridge will close for repairs in May. The works will cost four million euros. "
                            + "A local firm will do the work over the summer months.");
            Run produced = cli(security, "produce-article", "--id", "bridge-" + name, "--file", body.toString());
            assertEquals(0, produced.exit(), produced.err());
            Run asked = cli(security, "ask", "--article-id", "bridge-" + name, "--question", "What will it cost?",
                    "--question-id", "q-" + name);
            assertEquals(0, asked.exit(), asked.err());
            assertEquals("q-" + name, asked.out().strip());
            Run tailed = cli(security, "tail", "--max-events", "2");
            assertEquals(0, tailed.exit(), tailed.err());
            System.out.printf("SECURED %s: tail printed %s%n", name, tailed.out().strip().replace('\n', ' '));
            assertTrue(tailed.out().contains("\"summary\"") && tailed.out().contains("bridge-" + name), tailed.out());
            assertTrue(tailed.out().contains("q-" + name), tailed.out());
        }
    }

    private static Map<String, String> serviceConfig(String name, Map<String, String> security) throws Exception {
        Map<String, String> config = new HashMap<>(security);
        config.put(APPLICATION_ID, "secured-" + name);
        config.put(TOPIC_ARTICLES, "articles-" + name);
        config.put(TOPIC_QUESTIONS, "questions-" + name);
        config.put(TOPIC_SUMMARIES, "summaries-" + name);
        config.put(TOPIC_ANSWERS, "answers-" + name);
        config.put(TOPIC_DLQ, "dlq-" + name);
        config.put(STATE_DIR, Files.createTempDirectory("bertstream-secured-").toString());
        config.put(VALUE_FORMAT, "json"); // a mock:// registry is refused for CLI commands against a cluster
        config.put(HTTP_PORT, "-1");
        return config;
    }

    private record Run(int exit, String out, String err) {
    }

    /** Runs one CLI command in this JVM with {@code settings} as --set options, capturing stdout and stderr. */
    private static Run cli(Map<String, String> settings, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        serviceConfigTopics(settings).forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The security settings plus the topics and registry of the round trip they belong to. */
    private static Map<String, String> serviceConfigTopics(Map<String, String> settings) {
        String name = settings.containsKey("sasl.jaas.config") ? "sasl" : "tls";
        Map<String, String> all = new HashMap<>(settings);
        all.put(TOPIC_ARTICLES, "articles-" + name);
        all.put(TOPIC_QUESTIONS, "questions-" + name);
        all.put(TOPIC_SUMMARIES, "summaries-" + name);
        all.put(TOPIC_ANSWERS, "answers-" + name);
        all.put(VALUE_FORMAT, "json");
        return all;
    }
}
