package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * articles.retention.ms on a real broker with the real model: articles expire on time (never early), the
 * changelog holds their tombstones, a restore into an empty state directory does not bring them back, questions
 * about them are answered ARTICLE_EXPIRED, a re-published article is summarised and answered again; the same
 * (but the re-publication) with a restart, into an empty state directory, in the middle of the expiry.
 */
class RetentionIT {

    private static final long RETENTION_MS = 4_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dirs;
    private static EmbeddedKafkaBroker broker;
    private EnrichmentService service;
    private OutputReader outputs;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startTemporary();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopService() {
        stop();
    }

    private void start(String applicationId, Path stateDir, int slice) throws InterruptedException {
        start(applicationId, stateDir, slice, RETENTION_MS);
    }

    private void start(String applicationId, Path stateDir, int slice, long retentionMs) throws InterruptedException {
        BertstreamConfig config = BertstreamConfig.of(Map.ofEntries(
                Map.entry("bootstrap.servers", broker.bootstrapServers()),
                Map.entry("application.id", applicationId),
                Map.entry("topic.articles", applicationId + "-articles"),
                Map.entry("topic.questions", applicationId + "-questions"),
                Map.entry("topic.summaries", applicationId + "-summaries"),
                Map.entry("topic.answers", applicationId + "-answers"),
                Map.entry("state.dir", stateDir.toString()),
                Map.entry("schema.registry.url", "mock://retention-it"),
                Map.entry("http.port", "0"),
                Map.entry("questions.pending.ttl.ms", "1500"),
                Map.entry("questions.pending.check.ms", "250"),
                Map.entry("articles.retention.ms", String.valueOf(retentionMs)),
                Map.entry("articles.expired.marker.ms", "600000"),
                Map.entry("articles.expiry.check.ms", "500"),
                Map.entry("articles.expiry.slice", String.valueOf(slice))));
        service = EnrichmentService.start(config);
        assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams did not reach RUNNING");
        outputs = new OutputReader(broker.bootstrapServers(), service.serdes(), applicationId + "-summaries",
                applicationId + "-answers");
    }

    private void stop() {
        if (outputs != null) {
            outputs.close();
            outputs = null;
        }
        if (service != null) {
            service.close();
            service = null;
        }
    }

    @Test
    void articlesExpireOnTimeLeaveTombstonesStayGoneAfterARestoreAndComeBackWhenPublishedAgain() throws Exception {
        String app = "retention-a";
        start(app, Files.createDirectories(dirs.resolve("first")), 1000);
        List<String> ids = publish(app, 12);
        Map<String, Long> writtenAt = writtenAt(ids);

        awaitExpiry(ids, writtenAt);
        assertEquals(AnswerStatus.ARTICLE_EXPIRED, ask(app, "r-1", "q-expired").getStatus());
        HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + service.httpPort().orElseThrow() + "/articles/r-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, get.statusCode());
        assertTrue(get.body().contains("ARTICLE_EXPIRED") && get.body().contains("expired at"), get.body());
        assertTombstones(app, ids);

        // a restore into an empty state directory, from the changelogs alone; with a retention long enough that
        // the article published again below cannot expire before its question, however loaded the machine
        stop();
        start(app, Files.createDirectories(dirs.resolve("empty")), 1000, 600_000);
        assertGone(ids);
        assertEquals(AnswerStatus.ARTICLE_EXPIRED, ask(app, "r-2", "q-after-restore").getStatus());

        // published again: an ordinary new article
        send(app, "r-0");
        // the reader started after the restart reads the summaries topic from the start: the first one, then this
        assertTrue(outputs.readUntil(seen -> summaries(seen, "r-0") == 2, WAIT, o -> {
        }), "not summarised again");
        Answer again = ask(app, "r-0", "q-again");
        assertEquals(AnswerStatus.ANSWERED, again.getStatus());
        assertTrue(again.getAnswer().contains("Northbay"), again.getAnswer());
    }

    @Test
    void aRestartInTheMiddleOfTheExpiryLosesNothingAndBringsNothingBack() throws Exception {
        String app = "retention-b";
        Path stateDir = Files.createDirectories(dirs.resolve("b"));
        // two articles per half-second slice: 30 articles take about 7 s to expire
        start(app, stateDir, 2);
        List<String> ids = publish(app, 30);
        Map<String, Long> writtenAt = writtenAt(ids);
        assertTrue(poll(() -> expiredCount(ids) >= 4), "expiry did not start");
        int before = expiredCount(ids);
        stop();
        assertTrue(before < ids.size(), "the restart came after the whole expiry (" + before + " expired)");

        start(app, Files.createDirectories(dirs.resolve("b-empty")), 2);
        awaitExpiry(ids, writtenAt);
        assertTombstones(app, ids);
        assertEquals(AnswerStatus.ARTICLE_EXPIRED, ask(app, "r-29", "q-b-expired").getStatus());
    }

    // ------------------------------------------------------------------ steps

    private List<String> publish(String app, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "r-" + i).toList();
        ids.forEach(id -> send(app, id));
        assertTrue(outputs.readUntil(seen -> ids.stream().allMatch(id -> summaries(seen, id) >= 1), WAIT, o -> {
        }), "not every article was summarised");
        return ids;
    }

    /** When each article's state was written: the time its summary was made (the same clock reading). */
    private Map<String, Long> writtenAt(List<String> ids) {
        Map<String, Long> at = new HashMap<>();
        for (OutputReader.Output o : outputs.seen()) {
            if (o.value() instanceof Summary summary && ids.contains(o.key())) {
                at.put(o.key(), summary.getCreatedAt().toEpochMilli());
            }
        }
        assertEquals(ids.size(), at.size());
        return at;
    }

    /** Waits until every article left the store; none left before its retention was over. */
    private void awaitExpiry(List<String> ids, Map<String, Long> writtenAt) {
        assertTrue(poll(() -> expiredCount(ids) == ids.size()), "not every article expired");
        long latest = 0;
        for (String id : ids) {
            long expiredAt = expired().get(id).getExpiredAt();
            long due = writtenAt.get(id) + RETENTION_MS;
            assertTrue(expiredAt >= due, id + " expired " + (due - expiredAt) + " ms early");
            latest = Math.max(latest, expiredAt - due);
        }
        System.out.printf("RetentionIT: %d articles expired, at most %d ms after their time%n", ids.size(), latest);
        assertGone(ids);
    }

    private void assertGone(List<String> ids) {
        assertTrue(poll(() -> expiredCount(ids) == ids.size()), "markers were not restored");
        for (String id : ids) {
            assertNull(articles().get(id), id + " came back");
        }
    }

    /**
     * The articles changelog: every article's last record is a tombstone. Read again until it is so: the store
     * shows an expiry before the transaction that logged its tombstone has committed (read_committed).
     */
    private void assertTombstones(String app, List<String> ids) {
        List<List<String>> missing = new ArrayList<>(List.of(ids));
        poll(() -> {
            missing.set(0, withoutTombstone(app, ids));
            return missing.get(0).isEmpty();
        });
        assertEquals(List.of(), missing.get(0), "articles whose changelog does not end in a tombstone");
    }

    /** The articles whose last record in the changelog (as committed now) is not a tombstone. */
    private List<String> withoutTombstone(String app, List<String> ids) {
        String changelog = app + "-" + EnrichmentTopology.ARTICLES_STORE + "-changelog";
        Map<String, Boolean> lastIsTombstone = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = EventClients.consumer(broker.bootstrapServers(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
                    .map(p -> new TopicPartition(changelog, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    lastIsTombstone.put(r.key(), r.value() == null);
                }
            }
        }
        return ids.stream().filter(id -> !Boolean.TRUE.equals(lastIsTombstone.get(id))).toList();
    }

    private Answer ask(String app, String articleId, String questionId) {
        EventClients.sendOne(broker.bootstrapServers(), app + "-questions", articleId,
                EnrichmentServiceIT.question(questionId, articleId, "Which firm will do the work?"),
                service.serdes().question().serializer());
        assertTrue(outputs.readUntil(seen -> answer(seen, questionId) != null, WAIT, o -> {
        }), "no answer to " + questionId);
        return answer(outputs.seen(), questionId);
    }

    private void send(String app, String id) {
        Article article = Article.newBuilder().setId(id).setBody("The council approved a plan to repair the bridge "
                + id + ". The work will be done by Northbay Construction, the firm that built it.").build();
        EventClients.sendOne(broker.bootstrapServers(), app + "-articles", id, article,
                service.serdes().article().serializer());
    }

    private int expiredCount(List<String> ids) {
        return (int) ids.stream().filter(id -> expired().get(id) != null).count();
    }

    private ReadOnlyKeyValueStore<String, ArticleState> articles() {
        return service.streams().store(StoreQueryParameters.fromNameAndType(EnrichmentTopology.ARTICLES_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, ExpiredArticle> expired() {
        return service.streams().store(StoreQueryParameters.fromNameAndType(
                EnrichmentTopology.EXPIRED_ARTICLES_STORE, QueryableStoreTypes.keyValueStore()));
    }

    /** Polls until the condition holds (stores not queryable while restoring count as "not yet"). */
    private static boolean poll(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (InvalidStateStoreException e) {
                // restoring or rebalancing: ask again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static long summaries(List<OutputReader.Output> seen, String id) {
        return seen.stream().filter(o -> o.value() instanceof Summary && id.equals(o.key())).count();
    }

    private static Answer answer(List<OutputReader.Output> seen, String questionId) {
        return seen.stream().filter(o -> o.value() instanceof Answer a && a.getQuestionId().equals(questionId))
                .map(o -> (Answer) o.value()).findFirst().orElse(null);
    }
}
