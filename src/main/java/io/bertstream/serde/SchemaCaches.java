package io.bertstream.serde;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * What the registry client has learnt, so a steady stream costs no requests: ids by subject and schema, schemas by
 * id, and each subject's latest schema (for {@link HttpSchemaRegistryClient.Options#latestCacheTtl()}). Each cache
 * holds {@link #MAX_CACHED} entries at most: ids come from producers.
 */
final class SchemaCaches {

    /** Entries each cache keeps at most (least recently used ones are forgotten). */
    static final int MAX_CACHED = 1_000;

    private record SubjectSchema(String subject, String schemaJson) {
    }

    private record CachedLatest(RegisteredSchema schema, long fetchedAtNanos) {
    }

    private final Duration latestTtl;
    private final Map<SubjectSchema, Integer> idCache = BoundedCache.of(MAX_CACHED);
    private final Map<Integer, Schema> schemaCache = BoundedCache.of(MAX_CACHED);
    private final Map<String, CachedLatest> latestCache = BoundedCache.of(MAX_CACHED);

    /** @param latestTtl how long a subject's latest schema is kept; negative: for ever */
    SchemaCaches(Duration latestTtl) {
        this.latestTtl = latestTtl;
    }

    /** The id of the schema under the subject: cached, or from {@code loader}. */
    int id(String subject, Schema schema, Supplier<Integer> loader) {
        return cached(idCache, new SubjectSchema(subject, schema.toString()), loader);
    }

    /** The schema of the id: cached, or from {@code loader}. */
    Schema schema(int id, Supplier<Schema> loader) {
        return cached(schemaCache, id, loader);
    }

    /** Keeps the schema of an id the registry gave for it (unless one is kept already). */
    void rememberSchema(int id, Schema schema) {
        schemaCache.putIfAbsent(id, schema);
    }

    /** The subject's latest schema while it is fresh, else null. */
    RegisteredSchema latest(String subject) {
        CachedLatest cached = latestCache.get(subject);
        return cached != null && isFresh(cached) ? cached.schema() : null;
    }

    void rememberLatest(String subject, RegisteredSchema latest) {
        latestCache.put(subject, new CachedLatest(latest, System.nanoTime()));
    }

    /** Forgets the subject's latest schema (a new version was registered). */
    void forgetLatest(String subject) {
        latestCache.remove(subject);
    }

    // not computeIfAbsent: that would hold a map lock through network calls and retry waits
    private static <K, V> V cached(Map<K, V> cache, K key, Supplier<V> loader) {
        V value = cache.get(key);
        if (value == null) {
            value = loader.get();
            V raced = cache.putIfAbsent(key, value);
            value = raced != null ? raced : value;
        }
        return value;
    }

    private boolean isFresh(CachedLatest cached) {
        return latestTtl.isNegative() || System.nanoTime() - cached.fetchedAtNanos() < latestTtl.toNanos();
    }
}
