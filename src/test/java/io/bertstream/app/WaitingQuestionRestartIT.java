package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.state.PendingQuestion;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A question waiting for its article survives a restart of the service: a later question about the same article
 * gets a waiting-store key of its own (before, the key restarted from the empty pending buffer and the second
 * question overwrote the first, which was never answered). Real broker, production settings (exactly_once_v2).
 */
class WaitingQuestionRestartIT {

    private static final String BODY = "The harbour bridge will close for repairs in March. Engineers found that "
            + "fourteen of its sixty steel cables had corroded. Northbay Construction will do the work, which is "
            + "expected to take eighteen months.";

    @TempDir
    Path stateDir;

    @Test
    void twoQuestionsAboutALateArticleAcrossARestartGetTwoAnswers() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            BertstreamConfig config = EnrichmentServiceIT.config(broker, stateDir, "waiting-restart-it", 600_000);
            try (EnrichmentService first = EnrichmentService.start(config)) {
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
                send(broker, first, "q-before-restart");
                awaitWaiting(first, Set.of("q-before-restart"));
            }
            try (EnrichmentService second = EnrichmentService.start(config);
                 OutputReader outputs = new OutputReader(broker.bootstrapServers(), second.serdes(), "summaries",
                         "answers")) {
                assertTrue(second.awaitRunning(Duration.ofSeconds(60)));
                send(broker, second, "q-after-restart");
                awaitWaiting(second, Set.of("q-after-restart"));
                EventClients.sendOne(broker.bootstrapServers(), "articles", "late",
                        Article.newBuilder().setId("late").setBody(BODY).build(), second.serdes().article().serializer());

                Set<String> answered = new HashSet<>();
                outputs.readUntil(seen -> answered.size() == 2, Duration.ofSeconds(60), o -> {
                    if (o.value() instanceof Answer a) {
                        assertEquals(AnswerStatus.ANSWERED, a.getStatus(), a.toString());
                        assertTrue(answered.add(a.getQuestionId()), "a second answer to " + a.getQuestionId());
                    }
                });
                assertEquals(Set.of("q-before-restart", "q-after-restart"), answered);
                // nothing more comes (exactly one answer each)
                outputs.readUntil(seen -> false, Duration.ofSeconds(3), o -> {
                    if (o.value() instanceof Answer a) {
                        assertTrue(answered.add(a.getQuestionId()), "a second answer to " + a.getQuestionId());
                    }
                });
            }
        }
    }

    private static void send(EmbeddedKafkaBroker broker, EnrichmentService service, String questionId) {
        EventClients.sendOne(broker.bootstrapServers(), "questions", "late",
                EnrichmentServiceIT.question(questionId, "late", "Who will do the work?"),
                service.serdes().question().serializer());
    }

    /** Waits until the waiting-questions store holds (at least) these question ids. */
    private static void awaitWaiting(EnrichmentService service, Set<String> questionIds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Set<String> held = new HashSet<>();
        while (!held.containsAll(questionIds) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            held.clear();
            try {
                ReadOnlyKeyValueStore<String, PendingQuestion> store = service.streams().store(
                        StoreQueryParameters.fromNameAndType(EnrichmentTopology.WAITING_QUESTIONS_STORE,
                                QueryableStoreTypes.keyValueStore()));
                try (KeyValueIterator<String, PendingQuestion> all = store.all()) {
                    all.forEachRemaining(kv -> held.add(kv.value.getQuestion().getQuestionId().toString()));
                }
            } catch (RuntimeException notQueryableYet) {
                // rebalancing: try again
            }
        }
        assertTrue(held.containsAll(questionIds), "not waiting: " + questionIds + " (held " + held + ")");
    }
}
