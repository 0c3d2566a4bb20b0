package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.state.RecentArticle;
import io.bertstream.store.RecentArticles;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code recent-articles} index the article list reads, kept by the real topology (TopologyTestDriver, the real
 * MiniLM encoder, real RocksDB stores): bounded, newest first, one entry per article, deleted articles gone
 * ({@code RecentArticlesRestartTest}: still bounded when the task starts again on the same store).
 */
class RecentArticlesIndexTest {

    private static final String BODY = "The harbour bridge in %s will be repaired next spring by a local firm. "
            + "Engineers found that many of its steel cables had corroded over the years. "
            + "Shop owners in %s asked for a shuttle bus while the work goes on.";

    private static OnnxSentenceEncoder encoder;
    @TempDir
    Path stateDir;

    @BeforeAll
    static void loadModel() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void closeModel() {
        encoder.close();
    }

    @Test
    void theIndexKeepsTheNewestArticlesOnceEachAndForgetsDeletedOnes() {
        try (TopologyHarness harness = start()) {
            for (String id : List.of("a1", "a2", "a3", "a4", "a5")) {
                summarise(harness, id);
            }
            assertEquals(List.of("a5", "a4", "a3"), ids(harness), "at most 3, newest first");

            summarise(harness, "a3");
            assertEquals(List.of("a3", "a5", "a4"), ids(harness), "summarised again: first, and listed once");

            harness.articles.pipeInput("a5", (Article) null);
            harness.driver.advanceWallClockTime(Duration.ofMillis(150));
            assertEquals(List.of("a3", "a4"), ids(harness), "a deleted article leaves the index");

            KeyValueStore<String, RecentArticle> store = harness.driver.getKeyValueStore(
                    EnrichmentTopology.RECENT_ARTICLES_STORE);
            List<KeyValue<String, RecentArticle>> first = RecentArticles.page(store, null, 1);
            assertEquals("a3", first.get(0).value.getArticleId());
            assertEquals(List.of("a4"), RecentArticles.page(store, first.get(0).key, 5).stream()
                    .map(e -> e.value.getArticleId()).toList(), "the page after a cursor");
            assertEquals(3, first.get(0).value.getSummarySentenceCount());
            assertEquals("Bridge repairs in a3", first.get(0).value.getTitle());
        }
    }

    private TopologyHarness start() {
        return new TopologyHarness(stateDir, encoder, Map.of("articles.recent.max", "3"));
    }

    private static void summarise(TopologyHarness harness, String id) {
        harness.articles.pipeInput(id, Article.newBuilder().setId(id).setTitle("Bridge repairs in " + id)
                .setBody(String.format(BODY, id, id)).build());
        harness.driver.advanceWallClockTime(Duration.ofMillis(150));
        harness.summaries.readRecordsToList();
    }

    private static List<String> ids(TopologyHarness harness) {
        KeyValueStore<String, RecentArticle> store = harness.driver.getKeyValueStore(
                EnrichmentTopology.RECENT_ARTICLES_STORE);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, RecentArticle> all = store.all()) {
            all.forEachRemaining(entry -> ids.add(entry.value.getArticleId()));
        }
        return ids;
    }
}
