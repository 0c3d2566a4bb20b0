package io.bertstream.http;

import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds an article's state with interactive queries: in this instance's {@code articles} store when it is the
 * active host of the key's partition, else names the instance that is. Without {@code application.server} the
 * instance has no address to compare and is taken to be alone: every key is looked up locally.
 */
final class ArticleLocator {

    /** Where an article's state is. */
    sealed interface Location permits Local, Remote, Unavailable {
    }

    /**
     * Here; {@code state} is null for an id never seen or expired, {@code expired} is the marker retention left
     * (null when none).
     */
    record Local(ArticleState state, ExpiredArticle expired) implements Location {
    }

    /** On another instance, reachable at {@code host}. */
    record Remote(HostInfo host) implements Location {
    }

    /** Nowhere right now: the instances are rebalancing or restoring. */
    record Unavailable(String reason) implements Location {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server}, or null when none is configured */
    ArticleLocator(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    Location locate(String articleId) {
        try {
            if (self == null) {
                return local(articleId, null);
            }
            KeyQueryMetadata metadata = streams.queryMetadataForKey(EnrichmentTopology.ARTICLES_STORE, articleId,
                    Serdes.String().serializer());
            if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
                return new Unavailable("the owner of article '" + articleId + "' is not known yet (rebalancing)");
            }
            if (!self.equals(metadata.activeHost())) {
                return new Remote(metadata.activeHost());
            }
            return local(articleId, metadata.partition());
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the articles store is not queryable now: " + e.getMessage());
        }
    }

    /** The article's state here, and the marker retention left when there is none. */
    private Local local(String articleId, Integer partition) {
        ArticleState state = this.<ArticleState>store(EnrichmentTopology.ARTICLES_STORE, partition).get(articleId);
        return new Local(state, state != null ? null
                : this.<ExpiredArticle>store(EnrichmentTopology.EXPIRED_ARTICLES_STORE, partition).get(articleId));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        return streams.store(partition == null ? parameters : parameters.withPartition(partition));
    }
}
