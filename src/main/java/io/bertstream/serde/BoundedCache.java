package io.bertstream.serde;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that forgets its least recently used entry beyond {@code maxEntries}: the registry client's
 * caches are keyed by what producers write (schema ids in record headers), so they must not grow with them.
 */
final class BoundedCache {

    private BoundedCache() {
    }

    static <K, V> Map<K, V> of(int maxEntries) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        });
    }
}
