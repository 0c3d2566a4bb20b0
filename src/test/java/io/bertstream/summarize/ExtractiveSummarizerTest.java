package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.bertstream.summarize.SummaryConfig.Algorithm;
import io.bertstream.text.Sentence;

class ExtractiveSummarizerTest {

    private static final double ANGLE = 0.15;

    /**
     * A hand-made article: each sentence position is assigned a group (or is a loner on its own axis). Within a
     * group the first member is the prototype, exactly on the group's axis; the others come in pairs tilted
     * +/- towards a shared extra axis, so the group's mean points at the prototype and k-means/GMM centroids are
     * nearest to it.
     */
    private static final class Article {
        final List<Sentence> sentences = new ArrayList<>();
        final List<float[]> embeddings = new ArrayList<>();
        private final int dimension;
        private final int[] membersSoFar;

        Article(int axes) {
            this.dimension = axes + 1;
            this.membersSoFar = new int[axes];
        }

        /** Adds a sentence of the given text whose embedding belongs to {@code axis}'s group; returns its index. */
        int add(int axis, String text) {
            int member = membersSoFar[axis]++;
            float[] e = new float[dimension];
            if (member == 0) {
                e[axis] = 1;
            } else {
                double angle = ANGLE * ((member + 1) / 2);
                e[axis] = (float) Math.cos(angle);
                e[dimension - 1] = (float) ((member % 2 == 1 ? 1 : -1) * Math.sin(angle));
            }
            return append(e, text);
        }

        /** Adds a sentence with exactly this embedding; returns its index. */
        int append(float[] embedding, String text) {
            int start = sentences.isEmpty() ? 0 : sentences.get(sentences.size() - 1).end() + 1;
            sentences.add(new Sentence(sentences.size(), start, start + text.length(), text));
            embeddings.add(embedding);
            return sentences.size() - 1;
        }

        int add(int axis) {
            return add(axis, "Sentence " + sentences.size() + " on topic " + axis + " is long enough to count.");
        }

        SummarySelection select(SummaryConfig cfg) {
            return ExtractiveSummarizer.select(sentences, embeddings.toArray(new float[0][]), cfg);
        }
    }

    private static SummaryConfig config(Integer numSentences, double ratio, boolean useFirst) {
        return new SummaryConfig(numSentences, ratio, 40, 600, useFirst, Algorithm.KMEANS, false, 10, 12345L);
    }

    private static SummaryConfig withAlgorithm(SummaryConfig c, Algorithm algorithm) {
        return new SummaryConfig(c.numSentences(), c.ratio(), c.minLength(), c.maxLength(), c.useFirst(), algorithm,
                c.optimalK(), c.kMax(), c.randomState());
    }

    private static SummaryConfig withOptimalK(SummaryConfig c) {
        return new SummaryConfig(c.numSentences(), c.ratio(), c.minLength(), c.maxLength(), c.useFirst(),
                c.algorithm(), true, c.kMax(), c.randomState());
    }

    private static List<Integer> indices(SummarySelection selection) {
        return selection.chosen().stream().map(Sentence::index).toList();
    }

    /** Adds groups in interleaved order; returns the prototype index of each group, sorted. */
    private static List<Integer> interleavedGroups(Article article, int firstAxis, int... sizes) {
        List<Integer> prototypes = new ArrayList<>();
        int largest = Arrays.stream(sizes).max().orElse(0);
        for (int member = 0; member < largest; member++) {
            for (int g = 0; g < sizes.length; g++) {
                if (member < sizes[g]) {
                    int index = article.add(firstAxis + g);
                    if (member == 0) {
                        prototypes.add(index);
                    }
                }
            }
        }
        prototypes.sort(null);
        return prototypes;
    }

    @Test
    void numSentencesPicksTheSentenceNearestEachCentroid() {
        Article article = new Article(5);
        List<Integer> prototypes = interleavedGroups(article, 0, 3, 3, 3, 3, 3);
        for (Algorithm algorithm : Algorithm.values()) {
            SummarySelection selection = article.select(withAlgorithm(config(5, 0.2, false), algorithm));
            assertEquals(prototypes, indices(selection), algorithm.name());
            assertEquals(5, selection.k());
            assertEquals(15, selection.candidateCount());
        }
    }

    @Test
    void ratioWithUseFirstClustersTheRestAndPutsTheFirstFirst() {
        Article article = new Article(4);
        int first = article.add(0);
        List<Integer> expected = new ArrayList<>(List.of(first));
        expected.addAll(interleavedGroups(article, 1, 3, 3, 5));
        SummarySelection selection = article.select(config(null, 0.3, true));
        // 12 candidates: sentence 0 plus (int) (11 * 0.3) = 3 clusters
        assertEquals(expected, indices(selection));
        assertEquals(3, selection.k());
        assertEquals(12, selection.candidateCount());
    }

    @Test
    void useFirstWithNumSentencesGivesExactlyThatMany() {
        Article article = new Article(3);
        int first = article.add(0);
        List<Integer> prototypes = interleavedGroups(article, 1, 3, 5);

        SummarySelection three = article.select(config(3, 0.2, true));
        assertEquals(List.of(first, prototypes.get(0), prototypes.get(1)), indices(three));
        assertEquals(2, three.k());

        SummarySelection one = article.select(config(1, 0.2, true));
        assertEquals(List.of(first), indices(one));
        assertEquals(0, one.k());
    }

    @Test
    void useFirstWithTwoSentencesDoesNotReturnTheWholeArticle() {
        Article article = new Article(2);
        int first = article.add(0);
        List<Integer> prototypes = interleavedGroups(article, 1, 5);
        SummarySelection selection = article.select(config(2, 0.2, true));
        assertEquals(List.of(first, prototypes.get(0)), indices(selection));
        assertEquals(1, selection.k());
        assertEquals(6, selection.candidateCount());
    }

    @Test
    void singleCandidateIsTheSummary() {
        Article article = new Article(1);
        article.add(0);
        for (boolean useFirst : new boolean[] {true, false}) {
            SummarySelection selection = article.select(config(3, 0.2, useFirst));
            assertEquals(List.of(0), indices(selection));
            assertEquals(useFirst ? 0 : 1, selection.k());
            assertEquals(1, selection.candidateCount());
        }
    }

    @Test
    void numSentencesAboveTheCandidateCountKeepsAllCandidates() {
        Article article = new Article(3);
        interleavedGroups(article, 0, 1, 1, 1);
        assertEquals(List.of(0, 1, 2), indices(article.select(config(10, 0.2, false))));
        assertEquals(List.of(0, 1, 2), indices(article.select(config(10, 0.2, true))));
    }

    @Test
    void onlySentencesOfAcceptableLengthAreCandidates() {
        Article article = new Article(3);
        article.add(0, "Too short.");
        int a = article.add(1);
        article.add(1, "Tiny.");
        int b = article.add(2);
        article.add(2, "x".repeat(700));
        SummarySelection selection = article.select(config(5, 0.2, false));
        assertEquals(List.of(a, b), indices(selection));
        assertEquals(2, selection.candidateCount());
        assertEquals(2, selection.k());
    }

    @Test
    void lengthLimitsAreExclusiveOnTheStrippedText() {
        Article article = new Article(1);
        article.add(0, "x".repeat(40));
        int kept = article.add(0, "x".repeat(41));
        article.add(0, "x".repeat(600));
        SummarySelection selection = article.select(config(3, 0.2, false));
        assertEquals(List.of(kept), indices(selection));
        assertEquals(1, selection.candidateCount());
    }

    @Test
    void withNoCandidateOfAcceptableLengthAllSentencesAreCandidates() {
        Article article = new Article(2);
        article.add(0, "Short one.");
        article.add(1, "Short two.");
        article.add(1, "Short three.");
        SummarySelection selection = article.select(config(2, 0.2, false));
        assertEquals(3, selection.candidateCount());
        assertEquals(List.of(0, 1), indices(selection));
    }

    @Test
    void repeatedSentenceTextIsOneCandidateAtItsFirstOccurrence() {
        Article article = new Article(1);
        String text = "The very same sentence repeated in the article, word for word.";
        article.append(new float[] {0, 1}, "A different sentence comes first in this article, as a lede.");
        article.append(new float[] {1, 0}, text);
        article.append(new float[] {1, 0}, text.toUpperCase(java.util.Locale.ROOT));
        article.append(new float[] {1, 0}, text.replace(" ", "\r\n  "));
        article.append(new float[] {1, 0}, text);
        for (Algorithm algorithm : Algorithm.values()) {
            SummarySelection selection = article.select(withAlgorithm(config(3, 0.2, false), algorithm));
            assertEquals(List.of(0, 1), indices(selection), algorithm.name());
            assertEquals(2, selection.candidateCount());
        }
    }

    @Test
    void optimalKFindsTheNumberOfTopics() {
        Article article = new Article(4);
        List<Integer> prototypes = interleavedGroups(article, 0, 3, 3, 3, 3);
        SummarySelection selection = article.select(withOptimalK(config(2, 0.2, false)));
        assertEquals(prototypes, indices(selection));
        assertEquals(4, selection.k());
    }

    @Test
    void optimalKWithUseFirstAddsTheFirstSentence() {
        Article article = new Article(5);
        int first = article.add(4);
        List<Integer> expected = new ArrayList<>(List.of(first));
        expected.addAll(interleavedGroups(article, 0, 3, 3, 3, 3));
        SummarySelection selection = article.select(withOptimalK(config(2, 0.2, true)));
        assertEquals(expected, indices(selection));
        assertEquals(4, selection.k());
    }

    @Test
    void sameSeedGivesTheSameSummary() {
        Article article = new Article(8);
        Random random = new Random(5);
        for (int i = 0; i < 30; i++) {
            article.add(random.nextInt(8));
        }
        for (Algorithm algorithm : Algorithm.values()) {
            SummaryConfig cfg = withAlgorithm(config(6, 0.2, true), algorithm);
            SummarySelection first = article.select(cfg);
            assertEquals(first, article.select(cfg));
            assertEquals(6, first.chosen().size());
            assertEquals(0, first.chosen().get(0).index());
        }
    }

    @Test
    void emptyArticleGivesEmptySelection() {
        SummarySelection selection = ExtractiveSummarizer.select(List.of(), new float[0][], SummaryConfig.defaults());
        assertEquals(List.of(), selection.chosen());
        assertEquals(0, selection.candidateCount());
    }

    @Test
    void embeddingsMustMatchSentences() {
        Article article = new Article(1);
        article.add(0);
        assertThrows(IllegalArgumentException.class,
                () -> ExtractiveSummarizer.select(article.sentences, new float[2][1], SummaryConfig.defaults()));
    }
}
