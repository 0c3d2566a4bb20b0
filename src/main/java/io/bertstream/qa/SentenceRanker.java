package io.bertstream.qa;

import io.bertstream.inference.Vectors;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Ranks an article's sentences for a question: by the cosine of their stored embeddings ({@code dense}), by BM25
 * over their words ({@code lexical}, {@link LexicalScorer}), or by both fused with reciprocal-rank fusion
 * ({@code hybrid}: each sentence scores {@code 1/(k + dense rank) + 1/(k + lexical rank)}, ranks from 1, a sentence
 * sharing no word with the question having no lexical rank). Lexical and dense miss different questions.
 */
public final class SentenceRanker {

    /** The constant of reciprocal-rank fusion (Cormack et al. 2009): large k flattens the top ranks. */
    public static final int RRF_K = 60;

    /** How sentences are scored. */
    public enum Scorer {
        DENSE, LEXICAL, HYBRID;

        public static Scorer parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("retrieval scorer must be dense, lexical or hybrid, not " + value);
            }
        }
    }

    /**
     * A question about an article's sentences, with the dense score of each: the dot product of the question's
     * embedding with the sentence's, scored straight from the stored int8 embeddings (never expanded to floats).
     */
    public record Query(String question, List<Sentence> sentences, double[] dense) {

        /** The query of a question (and its embedding) about a stored article. */
        public static Query of(String question, float[] embedding, ArticleState article) {
            return new Query(question, StoredArticles.sentences(article), StoredArticles.similarities(article, embedding));
        }
    }

    private final Scorer scorer;

    public SentenceRanker(Scorer scorer) {
        this.scorer = scorer;
    }

    public Scorer scorer() {
        return scorer;
    }

    /**
     * @return element i: the indices of the {@code k} best sentences for query i, best first; ties keep document
     *         order. Queries about equal sentence lists share one lexical index.
     */
    public int[][] topK(List<Query> queries, int k) {
        double[][] lexical = scorer == Scorer.DENSE ? null : lexicalScores(queries);
        int[][] ranked = new int[queries.size()][];
        for (int i = 0; i < queries.size(); i++) {
            Query query = queries.get(i);
            double[] scores = switch (scorer) {
                case DENSE -> query.dense();
                case LEXICAL -> lexical[i];
                case HYBRID -> fused(query.dense(), lexical[i]);
            };
            ranked[i] = best(scores, k);
        }
        return ranked;
    }

    /** The {@code k} indices of the highest scores, best first, ties in index order. */
    static int[] best(double[] scores, int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).reversed())
                .limit(Math.max(0, k))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Reciprocal-rank fusion of two score lists over the same sentences. */
    static double[] fused(double[] dense, double[] lexical) {
        double[] fused = new double[dense.length];
        int[] denseOrder = best(dense, dense.length);
        for (int rank = 0; rank < denseOrder.length; rank++) {
            fused[denseOrder[rank]] += 1.0 / (RRF_K + rank + 1);
        }
        int[] lexicalOrder = best(lexical, lexical.length);
        for (int rank = 0; rank < lexicalOrder.length && lexical[lexicalOrder[rank]] > 0; rank++) {
            fused[lexicalOrder[rank]] += 1.0 / (RRF_K + rank + 1);
        }
        return fused;
    }

    /** BM25 scores of each query, one in-memory index per distinct sentence list. */
    private static double[][] lexicalScores(List<Query> queries) {
        Map<List<Sentence>, List<Integer>> byArticle = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            byArticle.computeIfAbsent(queries.get(i).sentences(), s -> new ArrayList<>()).add(i);
        }
        double[][] scores = new double[queries.size()][];
        byArticle.forEach((sentences, members) -> {
            double[][] perQuestion = LexicalScorer.scores(sentences.stream().map(Sentence::text).toList(),
                    members.stream().map(i -> queries.get(i).question()).toList());
            for (int m = 0; m < members.size(); m++) {
                scores[members.get(m)] = perQuestion[m];
            }
        });
        return scores;
    }
}
