package io.bertstream.qa;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.text.Sentence;
import io.bertstream.store.StoredArticles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answerer used when no span QA model is configured: the article sentence(s) most similar to the question
 * (cosine of sentence embeddings). The sentence embeddings come from the store; only the questions are embedded.
 */
public final class SentenceSimilarityAnswerer implements ArticleAnswerer {

    private final SentenceEncoder encoder;
    private final int topK;

    public SentenceSimilarityAnswerer(SentenceEncoder encoder, int topK) {
        this.encoder = encoder;
        this.topK = topK;
    }

    @Override
    public String name() {
        return "sentence-similarity:" + encoder.name();
    }

    @Override
    public List<List<SpanAnswer>> answer(List<Asked> questions) {
        float[][] questionEmbeddings = encoder.encode(questions.stream().map(Asked::question).toList());
        List<List<SpanAnswer>> result = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            result.add(best(questions.get(i), questionEmbeddings[i]));
        }
        return result;
    }

    private List<SpanAnswer> best(Asked asked, float[] question) {
        List<Sentence> sentences = StoredArticles.sentences(asked.article());
        double[] similarities = StoredArticles.similarities(asked.article(), question);
        List<SpanAnswer> scored = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            scored.add(new SpanAnswer(similarities[i], s.start(), s.end(), s.text(), s.text(),
                    s.start(), s.end()));
        }
        // best first; ties keep document order
        scored.sort(Comparator.comparingDouble(SpanAnswer::score).reversed());
        return List.copyOf(scored.subList(0, Math.min(topK, scored.size())));
    }
}
