package io.bertstream.topology;

import io.bertstream.state.ArticleState;
import io.bertstream.state.PendingQuestion;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code waiting-questions} store: questions whose article was not stored yet, keyed by article id, until the
 * article arrives or {@code questions.pending.ttl.ms} passes. Keys sort by article id, so finding the due ones
 * costs one store read per waiting article.
 */
final class WaitingQuestions {

    /** Separates the article id from the input's position in waiting-question keys (ids cannot hold it). */
    private static final char SEPARATOR = '\u0000';

    private final KeyValueStore<String, PendingQuestion> store;
    private final KeyValueStore<String, ArticleState> articles;
    private final Duration ttl;

    WaitingQuestions(KeyValueStore<String, PendingQuestion> store, KeyValueStore<String, ArticleState> articles,
                     Duration ttl) {
        this.store = store;
        this.articles = articles;
        this.ttl = ttl;
    }

    /** Parks the question until its article comes (or its wait is over). */
    void park(PendingQuestion entry) {
        store.put(waitingKey(entry), entry);
    }

    void remove(String key) {
        store.delete(key);
    }

    /** Up to {@code max} waiting questions whose article has come (or was deleted), or whose wait is over. */
    List<KeyValue<String, PendingQuestion>> due(int max, long now) {
        List<KeyValue<String, PendingQuestion>> due = new ArrayList<>();
        String article = null;
        boolean articleKnown = false;
        try (KeyValueIterator<String, PendingQuestion> all = store.all()) {
            while (all.hasNext() && due.size() < max) {
                KeyValue<String, PendingQuestion> kv = all.next();
                String articleId = kv.value.getQuestion().getArticleId();
                if (!articleId.equals(article)) {
                    article = articleId; // keys sort by article id: one store read per waiting article
                    articleKnown = articles.get(articleId) != null;
                }
                if (articleKnown || now - kv.value.getReceivedAt() >= ttl.toMillis()) {
                    due.add(kv);
                }
            }
        }
        return due;
    }

    /**
     * The waiting-store key of a question: its article id, then its input's own partition and offset, which no
     * other question of the store can have. (The pending buffer's sequence number was used before: it restarts
     * from the buffer's last entry after every re-initialisation, so a later question about the same article
     * overwrote an earlier one. Keys of that form, article id then 16 hex digits, are still read and answered;
     * the '@' keeps the two forms apart.)
     */
    static String waitingKey(PendingQuestion entry) {
        return entry.getQuestion().getArticleId() + SEPARATOR
                + String.format("@%08x%016x", entry.getSourcePartition(), entry.getSourceOffset());
    }
}
