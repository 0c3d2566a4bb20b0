package io.bertstream.store;

import io.bertstream.state.ArticleState;
import io.bertstream.state.RecentArticle;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The index's bound holds across a restart: a task that starts again on its RocksDB store (closed and opened
 * again) counts what the store holds, drops what is over a lowered bound, and keeps the bound as articles come.
 */
class RecentArticlesRestartTest {

    @TempDir
    Path stateDir;

    private final Random random = new Random(3);

    @Test
    void theBoundHoldsWhenTheTaskStartsAgainOnItsStore() {
        MockProcessorContext<Object, Object> context = StoreFixtures.context(stateDir);
        KeyValueStore<String, RecentArticle> store = open(context);
        RecentArticles index = new RecentArticles(store, 3);
        for (int i = 1; i <= 5; i++) {
            index.replaced(null, StoreFixtures.state("a" + i, i * 1000L, random));
        }
        assertEquals(List.of("a5", "a4", "a3"), ids(store));
        store.close();

        store = open(context);
        index = new RecentArticles(store, 3);
        assertEquals(3, index.size(), "counted from the store");
        ArticleState a6 = StoreFixtures.state("a6", 6000L, random);
        index.replaced(null, a6);
        assertEquals(List.of("a6", "a5", "a4"), ids(store), "still at most 3");
        store.close();

        store = open(context);
        index = new RecentArticles(store, 2);
        assertEquals(List.of("a6", "a5"), ids(store), "a lowered bound drops the oldest at start");
        index.replaced(a6, StoreFixtures.state("a6", 7000L, random));
        assertEquals(List.of("a6", "a5"), ids(store), "summarised again: listed once, at its new time");
        assertEquals(2, index.size());
        store.close();
    }

    private static KeyValueStore<String, RecentArticle> open(MockProcessorContext<Object, Object> context) {
        return StoreFixtures.store("recent-articles", RecentArticle.class, context);
    }

    private static List<String> ids(KeyValueStore<String, RecentArticle> store) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, RecentArticle> all = store.all()) {
            all.forEachRemaining(entry -> ids.add(entry.value.getArticleId()));
        }
        return ids;
    }
}
