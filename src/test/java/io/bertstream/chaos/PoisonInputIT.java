package io.bertstream.chaos;

import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.SummaryOptions;
import io.bertstream.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inputs a hostile producer can send in a few bytes that once cost the service an {@code Error}, a loop or an
 * unbounded amount of work, each followed by ordinary inputs on the SAME partition (production settings:
 * exactly_once_v2): every input gets exactly one outcome, the hostile ones a dead letter with a clear reason, and
 * no stream thread is replaced.
 */
@Tag("chaos")
class PoisonInputIT {

    /** After the Confluent framing: a string length of 2^31 - 9 bytes (zig-zag varint) and nothing else. */
    private static final byte[] TWO_GIB_STRING = {(byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    private static final int MESSAGE_LIMIT = 16 * 1024 * 1024;

    @TempDir
    Path stateDir;
    private SinglePartitionService kafka;

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void tenByteValuesDeclaringTwoGibStringsAreDeadLetteredAndTheInputsAfterThemAnswered() throws Exception {
        kafka = SinglePartitionService.start(stateDir, MESSAGE_LIMIT, Map.of());
        Set<String> threads = threadNames();
        kafka.sendArticle(article("before", "The ferry left at dawn. It came back at noon."));
        kafka.awaitSummary("before");
        // ten bytes each: the framing of a registered Article (Question) schema, then the hostile length
        kafka.send("articles", "poison-article", tenBytes(kafka.service().serdes().article().serializer()
                .serialize("articles", article("framing", "Any text."))));
        kafka.send("questions", "poison-question", tenBytes(question("q-0", "framing", "Any question?")));
        kafka.sendArticle(article("after-1", "The bridge reopened on Tuesday. Engineers replaced the cables."));
        kafka.send("questions", "after-1", question("q-1", "after-1", "When did the bridge reopen?"));
        kafka.sendArticle(article("after-2", "The museum stays open late on Fridays. Entry is free."));
        kafka.send("questions", "after-2", question("q-2", "after-2", "When does the museum stay open late?"));

        Map<String, List<String>> outcomes = outcomesWhen(7);
        assertEquals(Map.of(
                "summaries/before", List.of("summary"),
                "enrichment-dlq/poison-article", List.of("undecodable"),
                "enrichment-dlq/poison-question", List.of("undecodable"),
                "summaries/after-1", List.of("summary"), "answers/q-1", List.of("answer"),
                "summaries/after-2", List.of("summary"), "answers/q-2", List.of("answer")), outcomes);
        assertHealthy(threads);
    }

    @Test
    void aQuestionOf8MiBAndAnArticleWithA9MiBTitleAreOneDeadLetterEachAndTheInputsAfterThemAnswered()
            throws Exception {
        kafka = SinglePartitionService.start(stateDir, MESSAGE_LIMIT, Map.of());
        Set<String> threads = threadNames();
        kafka.sendArticle(article("before", "The ferry left at dawn. It came back at noon."));
        kafka.awaitSummary("before");
        // each fits an input record, but buffered as read and as decoded it is twice that: over the changelog's;
        // the question is refused first for its length (questions.max.tokens), before it is measured or buffered
        kafka.send("questions", "before", question("q-huge", "before", "Why? ".repeat(1_782_579))); // 8.5 MiB
        kafka.sendArticle(Article.newBuilder(article("titled", "A short body. It has two sentences."))
                .setTitle("T".repeat(9 * 1024 * 1024)).build());
        kafka.sendArticle(article("after", "The bridge reopened on Tuesday. Engineers replaced the cables."));
        kafka.send("questions", "after", question("q-after", "after", "When did the bridge reopen?"));

        Map<String, List<String>> outcomes = outcomesWhen(5);
        assertEquals(Map.of(
                "summaries/before", List.of("summary"),
                "enrichment-dlq/before", List.of("question-too-long"),
                "enrichment-dlq/titled", List.of("input-too-large"),
                "summaries/after", List.of("summary"), "answers/q-after", List.of("answer")), outcomes);
        assertHealthy(threads);
    }

    @Test
    void hostileSummaryOptionsAreDeadLetteredBeforeAnyWorkAndTheArticleAfterThemSummarised() throws Exception {
        kafka = SinglePartitionService.start(stateDir, MESSAGE_LIMIT, Map.of());
        Set<String> threads = threadNames();
        String body = BigTexts.sentences(3_000);
        kafka.sendArticle(withOptions("k-max-million", body, SummaryOptions.newBuilder().setOptimalK(true)
                .setKMax(1_000_000).build()));
        kafka.sendArticle(withOptions("gmm-thousand", body, SummaryOptions.newBuilder().setAlgorithm("gmm")
                .setNumSentences(1_000).build()));
        kafka.sendArticle(withOptions("optimal-k-thousand", body, SummaryOptions.newBuilder().setOptimalK(true)
                .setKMax(1_000).build()));
        kafka.sendArticle(article("after", "The bridge reopened on Tuesday. Engineers replaced the cables."));

        Map<String, List<String>> outcomes = outcomesWhen(4);
        assertEquals(Map.of(
                "enrichment-dlq/k-max-million", List.of("invalid-options"),
                "enrichment-dlq/gmm-thousand", List.of("too-costly"),
                "enrichment-dlq/optimal-k-thousand", List.of("too-costly"),
                "summaries/after", List.of("summary")), outcomes);
        ConsumerRecord<String, byte[]> invalid = kafka.await(r -> "k-max-million".equals(r.key()));
        assertEquals("the article's summaryOptions are out of range: kMax 1000000 is not in [1, 1000]",
                DeadLetters.header(invalid.headers(), DeadLetters.REASON));
        assertHealthy(threads);
    }

    private static Article withOptions(String id, String body, SummaryOptions options) {
        return Article.newBuilder(article(id, body)).setSummaryOptions(options).build();
    }

    /** The Confluent framing of {@code valid} (magic byte and schema id) followed by {@link #TWO_GIB_STRING}. */
    static byte[] tenBytes(byte[] valid) {
        byte[] value = Arrays.copyOf(valid, 5 + TWO_GIB_STRING.length);
        System.arraycopy(TWO_GIB_STRING, 0, value, 5, TWO_GIB_STRING.length);
        return value;
    }

    private static Article article(String id, String body) {
        return Article.newBuilder().setId(id).setBody(body).build();
    }

    private byte[] question(String id, String articleId, String text) {
        return kafka.service().serdes().question().serializer().serialize("questions", Question.newBuilder()
                .setQuestionId(id).setArticleId(articleId).setQuestion(text).setAskedAt(Instant.now()).build());
    }

    /**
     * Reads outputs until {@code expected} have come (then 5 s more), by {@code topic/key}: summaries by article
     * id, answers by question id, dead letters by input key with their reason code.
     */
    private Map<String, List<String>> outcomesWhen(int expected) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        kafka.awaitAll(r -> read.add(r) && read.size() >= expected);
        return kafka.settled(Duration.ofSeconds(5)).stream().collect(Collectors.groupingBy(this::outcomeKey,
                TreeMap::new, Collectors.mapping(this::outcome, Collectors.toList())));
    }

    private String outcomeKey(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals("answers")) {
            Answer answer = kafka.service().serdes().answer().deserializer().deserialize("answers", r.value());
            return "answers/" + answer.getQuestionId();
        }
        return r.topic() + "/" + r.key();
    }

    private String outcome(ConsumerRecord<String, byte[]> r) {
        return switch (r.topic()) {
            case "summaries" -> "summary";
            case "answers" -> "answer";
            default -> DeadLetters.header(r.headers(), DeadLetters.REASON_CODE);
        };
    }

    private Set<String> threadNames() {
        return kafka.service().streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    private void assertHealthy(Set<String> threadsBefore) {
        assertEquals(KafkaStreams.State.RUNNING, kafka.service().streams().state());
        assertEquals(threadsBefore, threadNames(), "a stream thread died and was replaced");
        assertEquals(0, kafka.service().streamFailuresInARow(), "stream thread failures");
    }
}
