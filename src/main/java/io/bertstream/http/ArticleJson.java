package io.bertstream.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.serde.EventJson;
import io.bertstream.events.Article;
import io.bertstream.state.ArticleState;

/** The body of {@code GET /articles/{id}}: a stored article (its text, which summary offsets index) and its summary event. */
final class ArticleJson {

    private ArticleJson() {
    }

    /** {@code state} must be live ({@link io.bertstream.store.StoredArticles#isLive}). */
    static ObjectNode of(ArticleState state) {
        Article article = state.getArticle();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("articleId", state.getArticleId());
        node.put("title", article.getTitle());
        node.put("url", article.getUrl());
        node.put("body", article.getBody());
        if (article.getPublishedAt() == null) {
            node.putNull("publishedAt");
        } else {
            node.put("publishedAt", article.getPublishedAt().toEpochMilli());
        }
        node.put("sentenceCount", state.getSentenceStarts().size());
        node.put("updatedAt", state.getUpdatedAt());
        if (state.getSummary() == null) {
            node.putNull("summary");
        } else {
            node.set("summary", EventJson.toJson(state.getSummary()));
        }
        return node;
    }
}
