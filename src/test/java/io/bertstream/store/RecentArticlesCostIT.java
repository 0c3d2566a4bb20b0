package io.bertstream.store;

import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import io.bertstream.state.ArticleState;
import io.bertstream.state.RecentArticle;
import io.bertstream.text.Sentence;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a page of the article list costs when one task holds 100,000 articles, in real RocksDB stores: the
 * {@code articles} store filled with 100,000 states (body, 8 sentences with 32-dimensional int8 embeddings, a summary) and
 * the {@code recent-articles} index kept by {@link RecentArticles#replaced}, the call the processor makes. Prints the
 * cost of a page from the index against the scan of the store a listing without the index would need; asserts only
 * what is exact (the page is the newest articles, the index holds its bound). Timings are printed, never asserted.
 */
class RecentArticlesCostIT {

    private static final int ARTICLES = 100_000;
    private static final int INDEX_MAX = 1_000;
    private static final int PAGE = 20;

    @TempDir
    Path stateDir;

    @Test
    void aPageReadsTheIndexNotTheStore() {
        MockProcessorContext<Object, Object> context = StoreFixtures.context(stateDir);
        KeyValueStore<String, ArticleState> articles = StoreFixtures.store("articles", ArticleState.class, context);
        KeyValueStore<String, RecentArticle> index = StoreFixtures.store("recent-articles", RecentArticle.class,
                context);
        RecentArticles recent = new RecentArticles(index, INDEX_MAX);

        long fillStarted = System.nanoTime();
        long indexNanos = 0;
        Random random = new Random(7);
        for (int i = 0; i < ARTICLES; i++) {
            ArticleState state = StoreFixtures.state("article-" + i, 1_700_000_000_000L + i, random);
            long before = System.nanoTime();
            recent.replaced(articles.get(state.getArticleId()), state);
            indexNanos += System.nanoTime() - before;
            articles.put(state.getArticleId(), state);
        }
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;

        List<String> newest = new ArrayList<>();
        for (int i = ARTICLES - 1; i >= ARTICLES - PAGE; i--) {
            newest.add("article-" + i);
        }
        assertEquals(newest, RecentArticles.page(index, null, PAGE).stream().map(e -> e.value.getArticleId()).toList());
        assertEquals(INDEX_MAX, recent.size(), "the index holds its bound, not the store");

        int runs = 2_000;
        String deepCursor = RecentArticles.page(index, null, 500).get(499).key;
        long pageNanos = median(runs, () -> RecentArticles.page(index, null, PAGE));
        long deepNanos = median(runs, () -> RecentArticles.page(index, deepCursor, PAGE));

        long scanStarted = System.nanoTime();
        List<String> scanned = newestByScan(articles);
        long scanNanos = System.nanoTime() - scanStarted;
        assertEquals(newest, scanned, "the scan finds the same page");

        System.out.printf("RecentArticlesCostIT: %,d articles in the store (filled in %.1f s; index upkeep %.1f µs per "
                        + "article), index bound %,d per task%n", ARTICLES, fillSeconds, indexNanos / 1e3 / ARTICLES,
                INDEX_MAX);
        System.out.printf("RecentArticlesCostIT: page of %d from the index: median %.1f µs (newest), %.1f µs (after "
                        + "500); without the index, a scan of the store: %.0f ms (%,.0fx the newest page)%n", PAGE,
                pageNanos / 1e3, deepNanos / 1e3, scanNanos / 1e6, (double) scanNanos / pageNanos);
        articles.close();
        index.close();
    }

    /** The newest page found the way a listing without an index would: every stored article read. */
    private static List<String> newestByScan(KeyValueStore<String, ArticleState> articles) {
        Comparator<ArticleState> byTime = Comparator.comparing(s -> s.getSummary().getCreatedAt());
        PriorityQueue<ArticleState> top = new PriorityQueue<>(byTime);
        try (KeyValueIterator<String, ArticleState> all = articles.all()) {
            while (all.hasNext()) {
                top.add(all.next().value);
                if (top.size() > PAGE) {
                    top.poll();
                }
            }
        }
        List<ArticleState> page = new ArrayList<>(top);
        page.sort(byTime.reversed());
        return page.stream().map(ArticleState::getArticleId).toList();
    }

    private static long median(int runs, Runnable work) {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return nanos[runs / 2];
    }
}
