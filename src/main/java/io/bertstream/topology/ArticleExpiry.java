package io.bertstream.topology;

import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.store.StoredArticles;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Retention ({@link ExpiryPolicy}): removes what is due from the {@code articles} and {@code expired-articles}
 * stores, one bounded slice per call, through a time-ordered index (the {@code article-expiry} store).
 *
 * <p>An index key is the due time (16 hex digits), a kind letter and the article id, so one range scan from the
 * start to "now" finds what is due, oldest first, without reading anything that is not. An entry is a hint: when
 * it comes due the state it names is read and its due time computed again; a state written since (an update, a
 * re-embedding) is due later and is filed again under that time. An expired article is deleted (a tombstone in
 * the changelog, so a restore does not bring it back) and leaves an {@link ExpiredArticle} marker, itself indexed.
 *
 * <p>Stores written before retention existed have no index: a backfill walks the {@code articles} store in
 * key order, in what is left of each slice, remembering where it stopped in the index store itself.
 */
public final class ArticleExpiry {

    /** Index kind: an entry of the articles store (a live article or a deleted article's marker). */
    public static final char ARTICLE = 'A';
    /** Index kind: an entry of the expired-articles store. */
    static final char MARKER = 'X';
    private static final int TIME_DIGITS = 16;
    // after every time key ('~' sorts after the hex digits): never in a due range
    private static final String BACKFILL_AFTER = "~backfill.after";
    /** Present once the articles store is fully indexed (written by the backfill; the bench seeds it). */
    public static final String BACKFILL_DONE = "~backfill.done";

    private final ExpiryPolicy policy;
    private final KeyValueStore<String, ArticleState> articles;
    private final KeyValueStore<String, ExpiredArticle> expired;
    private final KeyValueStore<String, String> index;
    private boolean backfilled;
    /** Told of each article state that expiry removes (the recent-articles index forgets it). */
    private final Consumer<ArticleState> onRemoved;

    /** What one slice did: index entries handled, articles expired, markers removed, articles walked by the backfill. */
    public record Slice(int entries, int expiredArticles, int removedMarkers, int backfillWalked) {

        /** The work done: never more than the policy's slice. */
        public int work() {
            return entries + backfillWalked;
        }
    }

    public ArticleExpiry(ExpiryPolicy policy, KeyValueStore<String, ArticleState> articles,
                         KeyValueStore<String, ExpiredArticle> expired, KeyValueStore<String, String> index) {
        this(policy, articles, expired, index, removed -> { });
    }

    public ArticleExpiry(ExpiryPolicy policy, KeyValueStore<String, ArticleState> articles,
                         KeyValueStore<String, ExpiredArticle> expired, KeyValueStore<String, String> index,
                         Consumer<ArticleState> onRemoved) {
        this.onRemoved = onRemoved;
        this.policy = policy;
        this.articles = articles;
        this.expired = expired;
        this.index = index;
    }

    /** Indexes the state just written to the articles store for {@code articleId}. */
    public void track(String articleId, ArticleState state) {
        file(ARTICLE, articleId, policy.dueOf(state));
    }

    /**
     * Handles at most {@code slice} index entries due by {@code now}, oldest first, then walks the backfill with
     * what is left of the slice.
     */
    public Slice expireDue(long now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        // inclusive bound: every key of a time <= now sorts before it, every key of now + 1 after it
        try (KeyValueIterator<String, String> entries = index.range(null, timeKey(now + 1))) {
            while (due.size() < policy.slice() && entries.hasNext()) {
                due.add(entries.next());
            }
        }
        int expiredArticles = 0;
        int removedMarkers = 0;
        for (KeyValue<String, String> entry : due) {
            index.delete(entry.key);
            char kind = entry.key.charAt(TIME_DIGITS);
            if (kind == ARTICLE) {
                ArticleState state = articles.get(entry.value);
                if (state != null && expireArticle(entry.value, state, now)) {
                    if (StoredArticles.isLive(state)) {
                        expiredArticles++;
                    } else {
                        removedMarkers++;
                    }
                }
            } else if (kind == MARKER) {
                ExpiredArticle marker = expired.get(entry.value);
                if (marker != null && removeMarker(entry.value, marker, now)) {
                    removedMarkers++;
                }
            }
        }
        int walked = backfill(policy.slice() - due.size());
        return new Slice(due.size(), expiredArticles, removedMarkers, walked);
    }

    /** Expires the article (or a deleted article's marker) if it is still due; else files it under its new time. */
    private boolean expireArticle(String id, ArticleState state, long now) {
        if (refiled(ARTICLE, id, policy.dueOf(state), now)) {
            return false;
        }
        articles.delete(id);
        onRemoved.accept(state);
        if (StoredArticles.isLive(state)) {
            ExpiredArticle marker = new ExpiredArticle(id, now);
            expired.put(id, marker);
            file(MARKER, id, policy.dueOf(marker));
        }
        return true;
    }

    private boolean removeMarker(String id, ExpiredArticle marker, long now) {
        if (refiled(MARKER, id, policy.dueOf(marker), now)) {
            return false;
        }
        expired.delete(id);
        return true;
    }

    /** Files the entry again when it is due later than {@code now} (written again since); whether it was. */
    private boolean refiled(char kind, String id, long due, long now) {
        if (due <= now) {
            return false;
        }
        file(kind, id, due);
        return true;
    }

    private void file(char kind, String id, long due) {
        if (due != ExpiryPolicy.NEVER) {
            index.put(indexKey(due, kind, id), id);
        }
    }

    /** The index key of an article (or marker) due at {@code due}; the entry's value is the article id. */
    public static String indexKey(long due, char kind, String articleId) {
        return timeKey(due) + kind + articleId;
    }

    private static String timeKey(long time) {
        return String.format("%016x", Math.max(0, time));
    }

    /** Indexes up to {@code budget} more articles of a store written before retention; the number walked. */
    private int backfill(int budget) {
        if (backfilled || budget <= 0) {
            return 0;
        }
        if (index.get(BACKFILL_DONE) != null) {
            backfilled = true;
            return 0;
        }
        String after = index.get(BACKFILL_AFTER);
        List<KeyValue<String, ArticleState>> walked = new ArrayList<>();
        boolean more;
        try (KeyValueIterator<String, ArticleState> all = after == null ? articles.all() : articles.range(after, null)) {
            while (walked.size() < budget && all.hasNext()) {
                KeyValue<String, ArticleState> next = all.next();
                if (!next.key.equals(after)) {
                    walked.add(next);
                }
            }
            more = all.hasNext();
        }
        walked.forEach(kv -> track(kv.key, kv.value));
        if (more) {
            index.put(BACKFILL_AFTER, walked.isEmpty() ? after : walked.get(walked.size() - 1).key);
        } else {
            index.put(BACKFILL_DONE, "1");
            index.delete(BACKFILL_AFTER);
            backfilled = true;
        }
        return walked.size();
    }
}
