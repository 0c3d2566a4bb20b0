package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole service on a real in-process Kafka broker with the real MiniLM model. */
class EnrichmentServiceIT {

    private static final String BODY = "The city council approved a $2.5 million plan on Tuesday to repair the old "
            + "harbour bridge. Engineers found that 14 of the bridge's 60 steel cables had corroded, and the mayor, "
            + "Dr. Helen Ortiz, said the repairs could not wait another winter. The work will be done by Northbay "
            + "Construction Ltd., the firm that built the bridge in 1968. It is expected to take about 18 months, "
            + "during which one lane will stay open to cars. Local shop owners welcomed the decision but asked for "
            + "a shuttle bus to the old town. A public meeting about the timetable is planned for Jan. 15 at the "
            + "library.";

    @TempDir
    static Path stateDir;
    private static EmbeddedKafkaBroker broker;
    private static EnrichmentService service;
    private static OutputReader outputs;

    @BeforeAll
    static void start() throws InterruptedException {
        broker = EmbeddedKafkaBroker.startTemporary();
        service = EnrichmentService.start(config(broker, stateDir, "service-it", 1_500));
        assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams did not reach RUNNING");
        outputs = new OutputReader(broker.bootstrapServers(), service.serdes(), "summaries", "answers");
    }

    @AfterAll
    static void stop() {
        outputs.close();
        service.close();
        broker.close();
    }

    @Test
    void anArticleGetsExactlyOneSummaryOfExactSubstringsAndQuestionsAreAnsweredWithItsOffsets() throws Exception {
        produce("articles", "bridge", Article.newBuilder().setId("bridge").setBody(BODY).build());
        assertTrue(outputs.readUntil(seen -> count(seen, Summary.class, "bridge") >= 1, Duration.ofSeconds(60), o -> {
        }));
        Summary summary = (Summary) outputs.seen().stream()
                .filter(o -> o.value() instanceof Summary s && s.getArticleId().equals("bridge"))
                .findFirst().orElseThrow().value();
        assertEquals(3, summary.getSentences().size());
        assertEquals(0, summary.getSentences().get(0).getIndex(), "use_first keeps the lede");
        int previous = -1;
        for (SummarySentence s : summary.getSentences()) {
            assertEquals(s.getText(), BODY.substring(s.getStart(), s.getEnd()));
            assertTrue(s.getIndex() > previous, "document order");
            previous = s.getIndex();
        }

        produce("questions", "bridge", question("q-who", "bridge", "Which firm will do the repair work?"));
        assertTrue(outputs.readUntil(seen -> answer(seen, "q-who") != null, Duration.ofSeconds(60), o -> {
        }));
        Answer answer = answer(outputs.seen(), "q-who");
        assertEquals(AnswerStatus.ANSWERED, answer.getStatus());
        assertEquals(answer.getAnswer(), BODY.substring(answer.getStart(), answer.getEnd()));
        assertTrue(answer.getAnswer().contains("Northbay Construction"), answer.getAnswer());

        // read_committed output, after more traffic: still exactly one summary for the article
        produce("questions", "bridge", question("q-when", "bridge", "When is the public meeting?"));
        assertTrue(outputs.readUntil(seen -> answer(seen, "q-when") != null, Duration.ofSeconds(60), o -> {
        }));
        assertEquals(1, count(outputs.seen(), Summary.class, "bridge"));
        assertTrue(answer(outputs.seen(), "q-when").getAnswer().contains("Jan. 15"));
    }

    @Test
    void aQuestionAboutAnUnknownArticleIsAnsweredArticleNotFoundAfterTheWait() throws Exception {
        produce("questions", "no-such-article", question("q-unknown", "no-such-article", "Who won?"));
        assertTrue(outputs.readUntil(seen -> answer(seen, "q-unknown") != null, Duration.ofSeconds(60), o -> {
        }));
        Answer answer = answer(outputs.seen(), "q-unknown");
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, answer.getStatus());
        assertEquals("", answer.getAnswer());
    }

    @Test
    void followUpQuestionsBeforeAfterUpdateAndDeleteOfTheirArticle() throws Exception {
        String farm = "A farming cooperative has switched on the region's largest community solar farm this week. "
                + "Sheep will graze between the rows of panels to keep the grass short all summer long.";
        // before the article: held until it arrives
        produce("questions", "followup", question("f-before", "followup", "Which firm will do the repair work?"));
        produce("articles", "followup", Article.newBuilder().setId("followup").setBody(BODY).build());
        assertTrue(outputs.readUntil(seen -> answer(seen, "f-before") != null, Duration.ofSeconds(60), o -> {
        }));
        assertTrue(answer(outputs.seen(), "f-before").getAnswer().contains("Northbay"));

        // after an update: answered from the new body
        produce("articles", "followup", Article.newBuilder().setId("followup").setBody(farm).build());
        assertTrue(outputs.readUntil(seen -> count(seen, Summary.class, "followup") == 2, Duration.ofSeconds(60),
                o -> {
                }));
        produce("questions", "followup", question("f-update", "followup", "What keeps the grass short?"));
        assertTrue(outputs.readUntil(seen -> answer(seen, "f-update") != null, Duration.ofSeconds(60), o -> {
        }));
        Answer updated = answer(outputs.seen(), "f-update");
        assertEquals(updated.getAnswer(), farm.substring(updated.getStart(), updated.getEnd()));
        assertTrue(updated.getAnswer().contains("Sheep"));

        // after a delete: a summary tombstone, then ARTICLE_NOT_FOUND
        send("articles", "followup", null, service.serdes().article().serializer());
        assertTrue(outputs.readUntil(seen -> seen.stream()
                        .anyMatch(o -> o.key().equals("followup") && o.value() == null),
                Duration.ofSeconds(60), o -> {
                }));
        produce("questions", "followup", question("f-deleted", "followup", "What keeps the grass short?"));
        assertTrue(outputs.readUntil(seen -> answer(seen, "f-deleted") != null, Duration.ofSeconds(60), o -> {
        }));
        assertEquals(AnswerStatus.ARTICLE_NOT_FOUND, answer(outputs.seen(), "f-deleted").getStatus());
    }

    /** The service on this broker without HTTP, waiting questions checked every 250 ms. */
    static BertstreamConfig config(EmbeddedKafkaBroker broker, Path stateDir, String registryScope, long ttlMs) {
        return BertstreamConfig.of(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "state.dir", stateDir.toString(),
                "schema.registry.url", "mock://" + registryScope,
                "http.port", "-1",
                "questions.pending.ttl.ms", String.valueOf(ttlMs),
                "questions.pending.check.ms", "250"));
    }

    static Question question(String id, String articleId, String text) {
        return Question.newBuilder().setQuestionId(id).setArticleId(articleId).setQuestion(text)
                .setAskedAt(Instant.now()).build();
    }

    private static void produce(String topic, String key, Article article) throws Exception {
        send(topic, key, article, service.serdes().article().serializer());
    }

    private static void produce(String topic, String key, Question question) throws Exception {
        send(topic, key, question, service.serdes().question().serializer());
    }

    private static <V> void send(String topic, String key, V value, Serializer<V> serializer) {
        EventClients.sendOne(broker.bootstrapServers(), topic, key, value, serializer);
    }

    private static long count(List<OutputReader.Output> seen, Class<?> type, String key) {
        return seen.stream().filter(o -> type.isInstance(o.value()) && key.equals(o.key())).count();
    }

    private static Answer answer(List<OutputReader.Output> seen, String questionId) {
        return seen.stream().filter(o -> o.value() instanceof Answer a && a.getQuestionId().equals(questionId))
                .map(o -> (Answer) o.value()).findFirst().orElse(null);
    }
}
