package io.bertstream.topology;

import io.bertstream.state.ExpiredArticle;
import io.bertstream.store.StateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** The retention stores (expired-articles, article-expiry) in RocksDB, for a processor under a mock context. */
final class ExpiryStores implements AutoCloseable {

    final KeyValueStore<String, ExpiredArticle> expired;
    final KeyValueStore<String, String> index;

    ExpiryStores(MockProcessorContext<Object, Object> context) {
        expired = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EnrichmentTopology.EXPIRED_ARTICLES_STORE),
                        Serdes.String(), new StateSerde<>(ExpiredArticle.class))
                .withLoggingDisabled().build();
        expired.init(context.getStateStoreContext(), expired);
        index = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnrichmentTopology.ARTICLE_EXPIRY_STORE),
                        Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(expired);
        context.addStateStore(index);
    }

    @Override
    public void close() {
        expired.close();
        index.close();
    }
}
