package io.bertstream.store;

import io.bertstream.state.ArticleState;
import io.bertstream.state.RecentArticle;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A bounded index of the articles a task summarised last, newest first: the store {@code recent-articles}, keyed
 * {@code 16 hex digits of (Long.MAX_VALUE - summarisedAt)} then {@code /} then the article id, so RocksDB's byte
 * order is newest first and a page is one short range read, whatever the size of the {@code articles} store. At
 * most {@code max} entries per task: the oldest is dropped when a new one comes. An article is listed once (its
 * earlier entry goes when it is summarised again) and leaves the index when it is deleted.
 */
public final class RecentArticles {

    /** Titles are cut to this many characters in the index (the article itself keeps the whole title). */
    static final int MAX_TITLE_CHARS = 200;
    private static final int TIME_DIGITS = 16;
    /** RocksDB's order of the keys: their UTF-8 bytes, unsigned. */
    public static final Comparator<String> BYTE_ORDER = Comparator.comparing(
            key -> key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private final KeyValueStore<String, RecentArticle> store;
    private final int max;
    private int count;
    /**
     * The oldest entry's key (null when empty). Trimming starts from it and looks backwards, never from the end of
     * the key space, where the deletions of earlier trims lie as RocksDB tombstones until a compaction.
     */
    private String oldest;

    /** Counts the entries (at most {@code max} and a few) and drops any over {@code max}, e.g. after it was lowered. */
    public RecentArticles(KeyValueStore<String, RecentArticle> store, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the index must hold at least one article");
        }
        this.store = store;
        this.max = max;
        try (KeyValueIterator<String, RecentArticle> all = store.all()) {
            while (all.hasNext()) {
                oldest = all.next().key;
                count++;
            }
        }
        trim();
    }

    /** The article's stored state changes from {@code previous} to {@code current} (either may be null or deleted). */
    public void replaced(ArticleState previous, ArticleState current) {
        if (listed(previous)) {
            remove(keyOf(previous));
        }
        if (listed(current)) {
            String key = keyOf(current);
            if (store.get(key) == null) {
                count++;
            }
            store.put(key, entryOf(current));
            if (oldest == null || BYTE_ORDER.compare(key, oldest) > 0) {
                oldest = key;
            }
            trim();
        }
    }

    private void remove(String key) {
        if (store.delete(key) != null) {
            count--;
            if (key.equals(oldest)) {
                oldest = newestBefore(key);
            }
        }
    }

    /** The key of the entry that comes last before {@code key} (null: none), found looking backwards from it. */
    private String newestBefore(String key) {
        try (KeyValueIterator<String, RecentArticle> earlier = store.reverseRange(null, key)) {
            while (earlier.hasNext()) {
                String candidate = earlier.next().key;
                if (!candidate.equals(key)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    int size() {
        return count;
    }

    private void trim() {
        while (count > max && oldest != null) {
            remove(oldest);
        }
    }

    private static boolean listed(ArticleState state) {
        return StoredArticles.isLive(state) && state.getSummary() != null;
    }

    private static String keyOf(ArticleState state) {
        return key(state.getSummary().getCreatedAt().toEpochMilli(), state.getArticleId());
    }

    /** The index key of an article summarised at {@code summarisedAt}: later times sort first. */
    public static String key(long summarisedAt, String articleId) {
        return String.format("%0" + TIME_DIGITS + "x", Long.MAX_VALUE - Math.max(0, summarisedAt)) + "/" + articleId;
    }

    private static RecentArticle entryOf(ArticleState state) {
        String title = state.getArticle().getTitle();
        return RecentArticle.newBuilder()
                .setArticleId(state.getArticleId())
                .setTitle(title == null || title.length() <= MAX_TITLE_CHARS ? title
                        : title.substring(0, MAX_TITLE_CHARS))
                .setSummarisedAt(state.getSummary().getCreatedAt().toEpochMilli())
                .setSentenceCount(state.getSentenceStarts().size())
                .setSummarySentenceCount(state.getSummary().getSentences().size())
                .setModel(state.getSummary().getModel())
                .build();
    }

    /**
     * Up to {@code limit} entries of one task's index, newest first, strictly after the key {@code after} (null:
     * from the newest). Reads {@code limit} entries of the range and no more.
     */
    public static List<KeyValue<String, RecentArticle>> page(ReadOnlyKeyValueStore<String, RecentArticle> store,
                                                            String after, int limit) {
        List<KeyValue<String, RecentArticle>> page = new ArrayList<>(limit);
        try (KeyValueIterator<String, RecentArticle> range = store.range(after, null)) {
            while (range.hasNext() && page.size() < limit) {
                KeyValue<String, RecentArticle> next = range.next();
                if (!next.key.equals(after)) {
                    page.add(next);
                }
            }
        }
        return page;
    }
}
