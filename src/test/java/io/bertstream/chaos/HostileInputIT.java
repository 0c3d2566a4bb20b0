package io.bertstream.chaos;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Big and hostile inputs, each with a defined outcome, on an in-process broker and service. Times and sizes go
 * to stdout and {@code target/chaos/hostile.md}. The input topics are created with a 4 MiB message limit, as an
 * operator must for {@code article.max.bytes} (1 MiB of body) to be reachable: Kafka's default limit is 1 MiB
 * for the whole record.
 */
@Tag("chaos")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final int MAX_BYTES = 1_048_576;
    private static final int BIG_MESSAGE = 4 * 1024 * 1024;
    private static final Path STATE = ChaosCluster.PROJECT.resolve("target/chaos/hostile-state");
    private static final List<String> REPORT = new ArrayList<>();

    private static SinglePartitionService kafka;

    @BeforeAll
    static void start() throws Exception {
        Directories.deleteTree(STATE);
        // the burst checks every answer's span: keep the reader answering with one
        kafka = SinglePartitionService.start(STATE, BIG_MESSAGE, Map.of("qa.handle.impossible.answer", "false"));
    }

    @AfterAll
    static void stop() {
        String report = "## Hostile inputs\n\n| input | outcome | seconds |\n|---|---|---|\n" + String.join("\n", REPORT) + "\n";
        System.out.println(report);
        ChaosReport.write(ChaosCluster.PROJECT.resolve("target/chaos/hostile.md"), report);
        kafka.close();
    }

    @Test
    @Order(1)
    void anArticleJustUnderTheLimitIsSummarised() {
        String body = BigTexts.prose(MAX_BYTES - 64);
        long started = System.nanoTime();
        sendArticle("just-under", body);
        Summary summary = awaitSummary("just-under");
        assertTrue(summary.getSentences().size() > 0);
        summary.getSentences().forEach(s -> assertEquals(s.getText(), body.substring(s.getStart(), s.getEnd())));
        record("article of " + body.getBytes(StandardCharsets.UTF_8).length + " bytes (" + summary.getSentenceCount()
                + " sentences)", "summary of " + summary.getSentences().size() + " sentences", started);
    }

    @Test
    @Order(2)
    void anArticleJustOverTheLimitIsDeadLetteredAsTooLarge() {
        String body = BigTexts.prose(MAX_BYTES + 64);
        long started = System.nanoTime();
        sendArticle("just-over", body);
        ConsumerRecord<String, byte[]> dead = await(r -> r.topic().equals("enrichment-dlq") && "just-over".equals(r.key()));
        assertEquals("too-large", DeadLetters.header(dead.headers(), DeadLetters.REASON_CODE));
        record("article of " + body.getBytes(StandardCharsets.UTF_8).length + " bytes", "dead letter, reason too-large",
                started);
    }

    @Test
    @Order(2)
    void anArticleOf45920LinesIsDeadLetteredBeforeAnyWorkWhileItsNeighboursFlow() {
        // one sentence a line (a single line break is not a boundary, the full stop and capital are)
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 45_920; i++) {
            table.append(String.format("R%05d %07d ok.%n", i, i * 7L));
        }
        long started = System.nanoTime();
        sendArticle("table-before", BigTexts.sentences(5));
        sendArticle("table", table.toString());
        sendArticle("table-after", BigTexts.sentences(5));
        ConsumerRecord<String, byte[]> dead = await(r -> r.topic().equals("enrichment-dlq") && "table".equals(r.key()));
        assertEquals("too-many-sentences", DeadLetters.header(dead.headers(), DeadLetters.REASON_CODE));
        awaitSummary("table-before");
        awaitSummary("table-after");
        record("article of 45,920 short lines (" + table.length() + " bytes) between two small ones",
                "dead letter too-many-sentences; both neighbours summarised", started);
    }

    @Test
    @Order(3)
    void anArticleOfTwentyThousandSentencesIsSummarised() {
        String body = BigTexts.sentences(20_000);
        long started = System.nanoTime();
        sendArticle("many-sentences", body);
        Summary summary = awaitSummary("many-sentences");
        assertEquals(20_000, summary.getSentenceCount());
        record("article of 20,000 sentences (" + body.length() + " chars)",
                "summary of " + summary.getSentences().size() + " sentences", started);
    }

    @Test
    @Order(4)
    void aThousandQuestionsAboutOneArticleGetAThousandAnswers() {
        String body = BigTexts.prose(4000);
        sendArticle("asked-a-lot", body);
        awaitSummary("asked-a-lot");
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            String id = "burst-" + i;
            send("questions", "asked-a-lot", kafka.service().serdes().question().serializer().serialize("questions",
                    Question.newBuilder().setQuestionId(id).setArticleId("asked-a-lot")
                            .setQuestion("Which harbour does sentence " + i + " mention?").setAskedAt(Instant.now()).build()));
        }
        Map<String, Integer> answers = new HashMap<>();
        awaitAll(r -> {
            if (r.topic().equals("answers") && "asked-a-lot".equals(r.key())) {
                Answer a = kafka.service().serdes().answer().deserializer().deserialize("answers", r.value());
                answers.merge(a.getQuestionId(), 1, Integer::sum);
                assertEquals(AnswerStatus.ANSWERED, a.getStatus());
                assertEquals(a.getAnswer(), body.substring(a.getStart(), a.getEnd()));
            }
            return answers.size() == 1000;
        });
        assertTrue(answers.values().stream().allMatch(n -> n == 1), "one answer per question");
        record("1,000 questions about one article in a burst", answers.size() + " answers, one each", started);
    }

    @Test
    @Order(5)
    void tenThousandDistinctArticlesGrowTheStateStoreByABoundedAmount() {
        long before = Directories.size(STATE);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            sendArticle("tiny-" + i, "Article number " + i + " is short. It has two sentences about harbour " + i + ".");
        }
        Map<String, Integer> summaries = new HashMap<>();
        awaitAll(r -> {
            if (r.topic().equals("summaries") && r.key().startsWith("tiny-")) {
                summaries.merge(r.key(), 1, Integer::sum);
            }
            return summaries.size() == 10_000;
        });
        long after = Directories.size(STATE);
        assertTrue(summaries.values().stream().allMatch(n -> n == 1), "one summary per article");
        record("10,000 distinct short articles", String.format("10,000 summaries; state dir %.1f MB -> %.1f MB",
                before / 1e6, after / 1e6), started);
    }

    private static void sendArticle(String id, String body) {
        kafka.sendArticle(Article.newBuilder().setId(id).setBody(body).build());
    }

    private static void send(String topic, String key, byte[] value) {
        kafka.send(topic, key, value);
    }

    private static Summary awaitSummary(String articleId) {
        return kafka.awaitSummary(articleId);
    }

    private static ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return kafka.await(wanted);
    }

    private static void awaitAll(Predicate<ConsumerRecord<String, byte[]>> done) {
        kafka.awaitAll(done);
    }

    private static void record(String input, String outcome, long startedNanos) {
        REPORT.add(String.format("| %s | %s | %.1f |", input, outcome, (System.nanoTime() - startedNanos) / 1e9));
    }
}
