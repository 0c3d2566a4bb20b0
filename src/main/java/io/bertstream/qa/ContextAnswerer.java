package io.bertstream.qa;

import io.bertstream.events.Article;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import io.bertstream.store.StoredArticles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers questions about raw contexts (not stored articles) with an {@link ArticleAnswerer}: each context is
 * split and embedded once, exactly as the stream stores an article, so offline evaluation scores the same path.
 */
public final class ContextAnswerer {

    private static final int CACHED_CONTEXTS = 256;

    private final ArticleAnswerer answerer;
    private final SentenceEncoder encoder;
    private final Map<String, ArticleState> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArticleState> eldest) {
            return size() > CACHED_CONTEXTS;
        }
    };

    public ContextAnswerer(ArticleAnswerer answerer, SentenceEncoder encoder) {
        this.answerer = answerer;
        this.encoder = encoder;
    }

    /** The best answer text for each input (empty when there is none), in order. */
    public List<String> answerTexts(List<QaInput> inputs) {
        return answers(inputs).stream()
                .map(answers -> answers.isEmpty() ? "" : answers.get(0).answer())
                .toList();
    }

    /** The answers to each input, best first, in order. */
    public List<List<SpanAnswer>> answers(List<QaInput> inputs) {
        List<ArticleAnswerer.Asked> asked = new ArrayList<>(inputs.size());
        for (QaInput input : inputs) {
            asked.add(new ArticleAnswerer.Asked(input.question(), indexed(input.context())));
        }
        return answerer.answer(asked);
    }

    /** The state the stream would store for an article with this body (split and embedded once, then cached). */
    public ArticleState indexed(String context) {
        return cache.computeIfAbsent(context, c -> stored(c, encoder));
    }

    /** The state the stream stores for an article with this body: its sentences and their embeddings. */
    public static ArticleState stored(String context, SentenceEncoder encoder) {
        List<Sentence> sentences = SentenceSplitter.split(context);
        float[][] embeddings = encoder.encode(sentences.stream().map(Sentence::text).toList());
        Article article = Article.newBuilder().setId("context-" + Integer.toHexString(context.hashCode()))
                .setBody(context).build();
        return StoredArticles.of(article, sentences, embeddings, null, encoder.name(), 0);
    }
}
