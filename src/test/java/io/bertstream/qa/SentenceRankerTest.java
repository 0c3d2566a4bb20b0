package io.bertstream.qa;

import io.bertstream.text.Sentence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lexical (Lucene BM25), dense and fused rankings of an article's sentences. */
class SentenceRankerTest {

    private static final List<String> TEXTS = List.of(
            "The council met on Tuesday.",
            "The harbour bridge was built in 1968 by Northbay Construction.",
            "Repairs will cost 2.5 million dollars.",
            "Tourists like the old town.");

    private static List<Sentence> sentences() {
        List<Sentence> sentences = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            sentences.add(new Sentence(i, at, at + TEXTS.get(i).length(), TEXTS.get(i)));
            at += TEXTS.get(i).length() + 1;
        }
        return sentences;
    }

    /** Embeddings that make sentence {@code favoured} the dense best for every question. */
    private static float[][] embeddings(int favoured) {
        float[][] e = new float[TEXTS.size()][];
        for (int i = 0; i < e.length; i++) {
            e[i] = i == favoured ? new float[] {1, 0} : new float[] {(float) Math.cos(0.3 * (i + 1)), (float) Math.sin(0.3 * (i + 1))};
        }
        return e;
    }

    private static SentenceRanker.Query query(String question, int denseFavoured) {
        float[][] embeddings = embeddings(denseFavoured);
        double[] dense = new double[embeddings.length];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = embeddings[i][0]; // the question's embedding is (1, 0)
        }
        return new SentenceRanker.Query(question, sentences(), dense);
    }

    @Test
    void bm25FindsTheSentenceThatSharesTheQuestionsWordsStemmed() {
        int[][] ranked = new SentenceRanker(SentenceRanker.Scorer.LEXICAL)
                .topK(List.of(query("When were the bridges built?", 3), query("How much do the repairs cost?", 3)), 2);
        assertEquals(1, ranked[0][0]);
        assertEquals(2, ranked[1][0]);
    }

    @Test
    void denseRanksByCosine() {
        int[][] ranked = new SentenceRanker(SentenceRanker.Scorer.DENSE).topK(List.of(query("When was it built?", 3)), 4);
        assertArrayEquals(new int[] {3, 0, 1, 2}, ranked[0]);
    }

    @Test
    void fusionPutsASentenceBothRankHighAboveOneOnlyDenseLikes() {
        // dense: 3, 0, 1, 2; lexical: 1 alone. RRF: 1 gets 1/63 + 1/61, 3 gets 1/61 only
        int[][] ranked = new SentenceRanker(SentenceRanker.Scorer.HYBRID).topK(List.of(query("When was the bridge built?", 3)), 2);
        assertArrayEquals(new int[] {1, 3}, ranked[0]);
    }

    @Test
    void aQuestionOfStopWordsOnlyLeavesTheDenseOrder() {
        int[][] ranked = new SentenceRanker(SentenceRanker.Scorer.HYBRID).topK(List.of(query("Who was it?", 2)), 4);
        int[][] dense = new SentenceRanker(SentenceRanker.Scorer.DENSE).topK(List.of(query("Who was it?", 2)), 4);
        assertArrayEquals(dense[0], ranked[0]);
    }

    @Test
    void aHostileQuestionOfThousandsOfDistinctWordsIsScoredWithoutError() {
        // Lucene refuses queries of more than 1024 clauses: the scorer keeps the first MAX_QUERY_TERMS terms
        String question = "bridge " + IntStream.range(0, 5000).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        double[][] scores = LexicalScorer.scores(TEXTS, List.of(question));
        assertTrue(scores[0][1] > 0 && scores[0][0] == 0, java.util.Arrays.toString(scores[0]));
    }

    @Test
    void questionsAboutTheSameArticleShareOneIndexAndGetTheirOwnScores() {
        double[][] scores = LexicalScorer.scores(TEXTS, List.of("bridge", "tourists", ""));
        assertTrue(scores[0][1] > 0 && scores[0][3] == 0);
        assertTrue(scores[1][3] > 0 && scores[1][1] == 0);
        assertArrayEquals(new double[TEXTS.size()], scores[2]);
    }
}
