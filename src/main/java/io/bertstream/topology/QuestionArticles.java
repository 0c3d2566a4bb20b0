package io.bertstream.topology;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.logging.LogText;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The articles one question batch asks about: each is read from the store once per batch, and one that another
 * model embedded is embedded again with the current encoder (once per batch) before an answer uses it.
 */
final class QuestionArticles {

    // logged under the processor's name, as it was before this class was split from it
    private static final Logger LOG = LoggerFactory.getLogger(QuestionBatchProcessor.class);

    private final KeyValueStore<String, ArticleState> articles;
    private final SentenceEncoder encoder;
    private final StoreRecordLimit<ArticleState> articleLimit;
    private final Map<String, ArticleState> states = new HashMap<>();
    private final Map<String, ArticleState> reembedded = new HashMap<>();

    QuestionArticles(KeyValueStore<String, ArticleState> articles, SentenceEncoder encoder,
                     StoreRecordLimit<ArticleState> articleLimit) {
        this.articles = articles;
        this.encoder = encoder;
        this.articleLimit = articleLimit;
    }

    /** The article's stored state (null if none), read once per batch. */
    ArticleState stored(String articleId) {
        if (!states.containsKey(articleId)) {
            states.put(articleId, articles.get(articleId));
        }
        return states.get(articleId);
    }

    /**
     * The article's state with embeddings of the current encoder: computed again if another model wrote them.
     * Throws {@link OversizedState} when the state embedded again would be too large for the store.
     */
    ArticleState current(String articleId, long now) {
        ArticleState state = states.get(articleId);
        if (StoredArticles.embeddedBy(state, encoder.name())) {
            return state;
        }
        LOG.info("Article {} was embedded by '{}', not '{}': embedding it again", LogText.escape(articleId),
                state.getModel(), encoder.name());
        List<String> texts = StoredArticles.sentences(state).stream().map(Sentence::text).toList();
        ArticleState fresh = StoredArticles.reembedded(state, encoder.encode(texts), encoder.name(), now);
        String excess = articleLimit.excess(articleId.getBytes(StandardCharsets.UTF_8).length, fresh,
                "the article's state, embedded again by " + encoder.name() + ",");
        if (excess != null) {
            // not kept: each question of the batch about it is dead-lettered the same way
            throw new OversizedState(excess);
        }
        states.put(articleId, fresh);
        reembedded.put(articleId, fresh);
        return fresh;
    }

    /** The state embedded again for this article, to be written once (with the first answer), or null. */
    ArticleState takeReembedded(String articleId) {
        return reembedded.remove(articleId);
    }

    /** A record too large for its store's changelog: the input that needs it is dead-lettered. */
    static final class OversizedState extends RuntimeException {
        OversizedState(String reason) {
            super(reason);
        }
    }
}
