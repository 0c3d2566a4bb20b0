package io.bertstream.topology;

import io.bertstream.state.ArticleState;
import io.bertstream.store.RecentArticles;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stored state of the articles and the two indexes that must stay in step with it: the recent articles (for
 * the HTTP listing) and the retention index ({@link ArticleExpiry}), which also removes what it expires from the
 * recent ones.
 */
final class ArticleStateStores {

    private final KeyValueStore<String, ArticleState> articles;
    private final RecentArticles recent;
    private final ArticleExpiry expiry;

    ArticleStateStores(ProcessorContext<?, ?> context, TopologySettings settings) {
        articles = context.getStateStore(EnrichmentTopology.ARTICLES_STORE);
        recent = new RecentArticles(context.getStateStore(EnrichmentTopology.RECENT_ARTICLES_STORE),
                settings.recentArticlesMax());
        expiry = new ArticleExpiry(settings.expiry(), articles,
                context.getStateStore(EnrichmentTopology.EXPIRED_ARTICLES_STORE),
                context.getStateStore(EnrichmentTopology.ARTICLE_EXPIRY_STORE),
                removed -> recent.replaced(removed, null));
    }

    /** Stores the article's state, keeps the index of recent articles in step and indexes it for retention. */
    void store(String articleId, ArticleState state) {
        recent.replaced(articles.get(articleId), state);
        articles.put(articleId, state);
        expiry.track(articleId, state);
    }

    /** Retention: one bounded slice of what is due (see {@link ArticleExpiry}). */
    ArticleExpiry.Slice expireDue(long now) {
        return expiry.expireDue(now);
    }
}
