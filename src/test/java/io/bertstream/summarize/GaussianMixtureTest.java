package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    @Test
    void recoversThreeSeparatedClustersIn2D() {
        double[][] centers = {{0, 0}, {10, 10}, {-10, 10}};
        Blobs blobs = Blobs.around(centers, 20, 0.5, 4);
        GaussianMixture.Result result = GaussianMixture.fit(blobs.points, 3, 12345L);
        blobs.assertSamePartition(result.labels());
        assertTrue(result.converged());
        for (double[] center : centers) {
            double nearest = Arrays.stream(result.means())
                    .mapToDouble(m -> ClusterVectors.squaredDistance(m, center)).min().orElseThrow();
            assertTrue(nearest < 0.25, "a mean near " + Arrays.toString(center));
        }
        assertEquals(1.0, Arrays.stream(result.weights()).sum(), 1e-9);
    }

    @Test
    void recoversFourSeparatedClustersIn10D() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(4, 10, 5), 15, 0.3, 5);
        GaussianMixture.Result result = GaussianMixture.fit(blobs.points, 4, 7L);
        blobs.assertSamePartition(result.labels());
        for (double[] variance : result.variances()) {
            for (double v : variance) {
                assertTrue(v > 0.3 * 0.3 / 4 && v < 0.3 * 0.3 * 4, "variance " + v + " near the true 0.09");
            }
        }
    }

    @Test
    void sameSeedGivesTheSameResult() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(5, 8, 1), 10, 0.8, 6);
        GaussianMixture.Result first = GaussianMixture.fit(blobs.points, 4, 99L);
        GaussianMixture.Result second = GaussianMixture.fit(blobs.points, 4, 99L);
        assertArrayEquals(first.labels(), second.labels());
        assertArrayEquals(first.means(), second.means());
        assertEquals(first.meanLogLikelihood(), second.meanLogLikelihood());
    }

    @Test
    void duplicatePointsAndTooManyComponentsStayFinite() {
        double[][] points = {{1, 1}, {1, 1}, {1, 1}, {5, 5}, {5, 5}, {5, 5}};
        for (int k = 1; k <= points.length; k++) {
            GaussianMixture.Result result = GaussianMixture.fit(points, k, 11L);
            assertEquals(k, result.means().length);
            assertTrue(Double.isFinite(result.meanLogLikelihood()), "finite likelihood for k=" + k);
            for (int c = 0; c < k; c++) {
                assertTrue(Arrays.stream(result.means()[c]).allMatch(Double::isFinite));
                assertTrue(Arrays.stream(result.variances()[c]).allMatch(v -> v > 0 && Double.isFinite(v)));
                assertTrue(result.weights()[c] > 0);
            }
            if (k >= 2) {
                assertTrue(result.labels()[0] != result.labels()[3], "the two groups stay apart for k=" + k);
            }
        }
    }
}
