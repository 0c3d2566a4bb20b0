package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StateSerde;
import io.bertstream.store.StoredArticles;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention on real RocksDB stores: bounded slices, re-filed updates, markers, the backfill of an old store. */
class ArticleExpiryTest {

    private static final long RETENTION = 10_000;
    private static final long MARKER = 5_000;
    private static final int SLICE = 100;

    @TempDir
    Path stateDir;

    private KeyValueStore<String, ArticleState> articles;
    private ExpiryStores stores;

    @BeforeEach
    void createStores() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "expiry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                stateDir.toFile());
        articles = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnrichmentTopology.ARTICLES_STORE),
                        Serdes.String(), new StateSerde<>(ArticleState.class))
                .withLoggingDisabled().build();
        articles.init(context.getStateStoreContext(), articles);
        stores = new ExpiryStores(context);
    }

    @AfterEach
    void closeStores() {
        articles.close();
        stores.close();
    }

    private ArticleExpiry expiry(int slice) {
        return new ArticleExpiry(new ExpiryPolicy(RETENTION, MARKER, Duration.ofSeconds(1), slice), articles,
                stores.expired, stores.index);
    }

    private static ArticleState live(String id, long updatedAt) {
        return ArticleState.newBuilder().setArticleId(id)
                .setArticle(Article.newBuilder().setId(id).setBody("Body of " + id + ".").build())
                .setUpdatedAt(updatedAt).build();
    }

    private void publish(ArticleExpiry expiry, String id, long at) {
        ArticleState state = live(id, at);
        articles.put(id, state);
        expiry.track(id, state);
    }

    @Test
    void eachSliceIsBoundedHoweverManyArticlesAreDue() {
        ArticleExpiry expiry = expiry(SLICE);
        expiry.expireDue(0); // the backfill of the empty store is done at once
        for (int due : new int[]{SLICE / 2, SLICE, 25 * SLICE}) {
            for (int i = 0; i < due; i++) {
                publish(expiry, due + "-" + i, 0);
            }
            int slices = 0;
            int expired = 0;
            ArticleExpiry.Slice slice;
            do {
                slice = expiry.expireDue(RETENTION);
                assertTrue(slice.work() <= SLICE, "a slice did " + slice.work() + " units of work");
                expired += slice.expiredArticles();
                slices++;
            } while (slice.expiredArticles() > 0);
            assertEquals(due, expired);
            assertEquals((due + SLICE - 1) / SLICE + 1, slices, "every slice but the last two was full");
            try (var left = articles.all()) {
                assertTrue(!left.hasNext(), "articles left after " + slices + " slices");
            }
        }
    }

    @Test
    void nothingIsExpiredBeforeItsTime() {
        ArticleExpiry expiry = expiry(SLICE);
        publish(expiry, "a", 1_000);
        ArticleExpiry.Slice early = expiry.expireDue(1_000 + RETENTION - 1);
        assertEquals(0, early.entries());
        assertNotNull(articles.get("a"));
        assertEquals(1, expiry.expireDue(1_000 + RETENTION).expiredArticles());
        assertNull(articles.get("a"));
        assertEquals(1_000 + RETENTION, stores.expired.get("a").getExpiredAt());
    }

    @Test
    void anArticleWrittenAgainIsCountedFromItsLastWrite() {
        ArticleExpiry expiry = expiry(SLICE);
        publish(expiry, "a", 0);
        publish(expiry, "a", 4_000);
        ArticleExpiry.Slice first = expiry.expireDue(RETENTION);
        assertEquals(1, first.entries(), "the first write's entry came due");
        assertEquals(0, first.expiredArticles());
        assertNotNull(articles.get("a"));
        assertEquals(1, expiry.expireDue(4_000 + RETENTION).expiredArticles());
        assertNull(articles.get("a"));
    }

    @Test
    void theMarkersOfExpiredAndDeletedArticlesGoLater() {
        ArticleExpiry expiry = expiry(SLICE);
        publish(expiry, "old", 0);
        ArticleState deleted = StoredArticles.deleted("gone", 0);
        articles.put("gone", deleted);
        expiry.track("gone", deleted);

        ArticleExpiry.Slice atMarkerTime = expiry.expireDue(MARKER);
        assertEquals(1, atMarkerTime.removedMarkers(), "the deleted article's marker");
        assertNull(articles.get("gone"));
        assertNotNull(articles.get("old"));

        expiry.expireDue(RETENTION);
        assertNull(articles.get("old"));
        assertNotNull(stores.expired.get("old"));
        assertEquals(0, expiry.expireDue(RETENTION + MARKER - 1).removedMarkers());
        assertEquals(1, expiry.expireDue(RETENTION + MARKER).removedMarkers());
        assertNull(stores.expired.get("old"));
    }

    @Test
    void aStoreWrittenBeforeRetentionIsIndexedSliceBySlice() {
        int stored = 5 * SLICE / 2;
        for (int i = 0; i < stored; i++) {
            articles.put(String.format("old-%04d", i), live("old-" + i, 0));
        }
        ArticleExpiry expiry = expiry(SLICE);
        int walked = 0;
        for (int i = 0; i < 3; i++) {
            ArticleExpiry.Slice slice = expiry.expireDue(1);
            assertTrue(slice.work() <= SLICE);
            walked += slice.backfillWalked();
        }
        assertEquals(stored, walked);
        assertEquals(0, expiry.expireDue(2).backfillWalked(), "the backfill is done");
        int expired = 0;
        for (int i = 0; i < 3; i++) {
            expired += expiry.expireDue(RETENTION).expiredArticles();
        }
        assertEquals(stored, expired);
    }
}
