package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bertstream.state.RecentArticle;
import io.bertstream.store.RecentArticles;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * This instance's share of the article list: one page of the {@code recent-articles} index of each input partition
 * whose task is active here, read partition by partition (a store's range over all partitions at once would walk
 * them one after the other, not newest first), and the other instances to ask for theirs.
 */
final class RecentArticlePages {

    /** Entries of every local partition (at most {@code limit} each), and the partitions that could not be read. */
    record Page(List<JsonNode> items, List<String> unavailable) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server}, or null when it runs alone */
    RecentArticlePages(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    Page page(String after, int limit) {
        List<JsonNode> items = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (int partition : activePartitions()) {
            try {
                ReadOnlyKeyValueStore<String, RecentArticle> store = streams.store(StoreQueryParameters
                        .fromNameAndType(EnrichmentTopology.RECENT_ARTICLES_STORE,
                                QueryableStoreTypes.<String, RecentArticle>keyValueStore())
                        .withPartition(partition));
                for (KeyValue<String, RecentArticle> entry : RecentArticles.page(store, after, limit)) {
                    items.add(json(entry));
                }
            } catch (InvalidStateStoreException e) {
                unavailable.add("partition " + partition + " is not queryable now (rebalancing or restoring)");
            }
        }
        return new Page(items, unavailable);
    }

    /** The other instances of the application (none when this one has no {@code application.server}). */
    List<HostInfo> peers() {
        if (self == null) {
            return List.of();
        }
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !self.equals(host)).distinct().toList();
    }

    private TreeSet<Integer> activePartitions() {
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                partitions.add(task.taskId().partition());
            }
        }
        return partitions;
    }

    private static JsonNode json(KeyValue<String, RecentArticle> entry) {
        RecentArticle article = entry.value;
        return JsonNodeFactory.instance.objectNode()
                .put("articleId", article.getArticleId())
                .put("title", article.getTitle())
                .put("summarisedAt", article.getSummarisedAt())
                .put("sentenceCount", article.getSentenceCount())
                .put("summarySentenceCount", article.getSummarySentenceCount())
                .put("model", article.getModel())
                .put("cursor", entry.key);
    }
}
