package io.bertstream.summarize;

import io.bertstream.text.Sentence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusteringBudgetTest {

    private static final int D = 384;
    private static final ClusteringBudget DEFAULT = new ClusteringBudget(100_000_000_000L, 268_435_456L);

    /** n distinct sentences, all candidates (50 characters: between the default min and max lengths). */
    private static List<Sentence> sentences(int n) {
        List<Sentence> sentences = new ArrayList<>(n);
        for (int i = 0, at = 0; i < n; i++) {
            String text = String.format("Sentence number %08d is exactly fifty chars.", i) + "!!!!!!";
            sentences.add(new Sentence(i, at, at + text.length(), text));
            at += text.length() + 1;
        }
        return sentences;
    }

    private static SummaryConfig config(Integer numSentences, SummaryConfig.Algorithm algorithm, boolean optimalK,
                                        int kMax) {
        return new SummaryConfig(numSentences, 0.2, 40, 600, true, algorithm, optimalK, kMax, 1L);
    }

    @Test
    void kMeansCostsTenRunsOfThreeHundredIterationsOverPointsClustersAndDimensions() {
        // 20,000 sentences, useFirst: 19,999 points; numSentences 3: k = 2
        ClusteringBudget.Cost cost = ClusteringBudget.cost(sentences(20_000),
                config(3, SummaryConfig.Algorithm.KMEANS, false, 10), D);
        assertEquals(10L * 300 * 19_999 * 2 * D, cost.operations());
        assertEquals(0, cost.matrixBytes());
        assertNull(DEFAULT.violation(sentences(20_000), config(3, SummaryConfig.Algorithm.KMEANS, false, 10), D),
                "the default options fit the default budget on the largest article");
    }

    @Test
    void gmmCostsItsKMeansStartAndThreePassesPerEmIteration() {
        ClusteringBudget.Cost cost = ClusteringBudget.cost(sentences(3_000),
                config(1_000, SummaryConfig.Algorithm.GMM, false, 10), D);
        assertEquals(300L * 2_999 * 999 * D + 3L * 100 * 2_999 * 999 * D, cost.operations());
        String why = DEFAULT.violation(sentences(3_000), config(1_000, SummaryConfig.Algorithm.GMM, false, 10), D);
        assertEquals("clustering with these options may take " + cost.operations() + " multiply-adds, more than "
                + "summary.max.cluster.operations=100000000000", why);
    }

    @Test
    void optimalKCostsTheDistanceMatrixAndOneFitPerK() {
        int n = 99; // 100 sentences, useFirst
        ClusteringBudget.Cost cost = ClusteringBudget.cost(sentences(100),
                config(3, SummaryConfig.Algorithm.KMEANS, true, 4), D);
        long expected = (long) n * n * D / 2 + 10L * 300 * n * 4 * D;
        for (int k = 2; k <= 4; k++) {
            expected += 10L * 300 * n * k * D + (long) n * n;
        }
        assertEquals(expected, cost.operations());
        assertEquals(8L * n * n, cost.matrixBytes());
    }

    @Test
    void theMatrixOfOptimalKOverTwentyThousandSentencesIsRefusedByItsOwnBudget() {
        String why = DEFAULT.violation(sentences(20_000), config(3, SummaryConfig.Algorithm.KMEANS, true, 2), D);
        assertEquals("optimalK over 19999 sentences needs a distance matrix of 3199680008 bytes, more than "
                + "summary.max.cluster.matrix.bytes=268435456", why);
    }

    @Test
    void nothingToFitCostsNothing() {
        // k = n: every point is its own cluster; numSentences 1 with useFirst: k = 0
        assertEquals(0, ClusteringBudget.cost(sentences(5), config(10, SummaryConfig.Algorithm.GMM, false, 10), D)
                .operations());
        assertEquals(0, ClusteringBudget.cost(sentences(500), config(1, SummaryConfig.Algorithm.KMEANS, false, 10), D)
                .operations());
        assertEquals(0, ClusteringBudget.cost(List.of(), config(3, SummaryConfig.Algorithm.KMEANS, true, 10), D)
                .operations());
    }

    @Test
    void thePlanCountsWhatSelectClusters() {
        List<Sentence> sentences = sentences(50);
        SummaryConfig ratio = new SummaryConfig(null, 0.2, 40, 600, false, SummaryConfig.Algorithm.KMEANS, false, 10, 1L);
        assertEquals(new ExtractiveSummarizer.Plan(50, 10), ExtractiveSummarizer.plan(sentences, ratio));
        assertTrue(ClusteringBudget.cost(sentences, ratio, D).operations() > 0);
    }
}
