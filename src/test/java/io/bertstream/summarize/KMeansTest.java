package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class KMeansTest {

    private static final double[][] CENTERS_2D = {{0, 0}, {10, 10}, {-10, 10}};

    @Test
    void recoversThreeSeparatedClustersIn2D() {
        Blobs blobs = Blobs.around(CENTERS_2D, 20, 0.5, 1);
        KMeans.Result result = KMeans.fit(blobs.points, 3, 12345L);
        blobs.assertSamePartition(result.labels());
        for (double[] center : CENTERS_2D) {
            double nearest = Arrays.stream(result.centroids())
                    .mapToDouble(c -> ClusterVectors.squaredDistance(c, center)).min().orElseThrow();
            assertTrue(nearest < 0.25, "a centroid near " + Arrays.toString(center));
        }
    }

    @Test
    void recoversFourSeparatedClustersIn10D() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(4, 10, 5), 15, 0.3, 2);
        KMeans.Result result = KMeans.fit(blobs.points, 4, 7L);
        blobs.assertSamePartition(result.labels());
    }

    @Test
    void inertiaIsTheSumOfSquaredDistancesToAssignedCentroids() {
        double[][] points = {{0, 0}, {0, 2}, {10, 0}, {10, 4}};
        KMeans.Result result = KMeans.fit(points, 2, 3L);
        assertEquals(1 + 1 + 4 + 4, result.inertia(), 1e-9);
    }

    @Test
    void sameSeedGivesTheSameResult() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(5, 8, 1), 10, 0.8, 3);
        KMeans.Result first = KMeans.fit(blobs.points, 4, 99L);
        KMeans.Result second = KMeans.fit(blobs.points, 4, 99L);
        assertArrayEquals(first.labels(), second.labels());
        assertArrayEquals(first.centroids(), second.centroids());
        assertEquals(first.inertia(), second.inertia());
    }

    @Test
    void moreClustersThanDistinctPointsGiveFiniteCentroids() {
        double[][] points = {{1, 1}, {1, 1}, {1, 1}, {5, 5}, {5, 5}, {5, 5}};
        for (int k = 1; k <= points.length; k++) {
            KMeans.Result result = KMeans.fit(points, k, 11L);
            assertEquals(k, result.centroids().length);
            for (double[] centroid : result.centroids()) {
                assertTrue(Arrays.stream(centroid).allMatch(Double::isFinite), "finite centroid for k=" + k);
            }
            assertTrue(Arrays.stream(result.labels()).allMatch(l -> l >= 0 && l < points.length));
            double expected = k == 1 ? 6 * 8.0 : 0.0;
            assertEquals(expected, result.inertia(), 1e-9, "inertia for k=" + k);
        }
    }

    @Test
    void identicalPointsWork() {
        double[][] points = {{2, 3}, {2, 3}, {2, 3}};
        KMeans.Result result = KMeans.fit(points, 3, 0L);
        assertEquals(0.0, result.inertia());
        for (double[] centroid : result.centroids()) {
            assertArrayEquals(new double[] {2, 3}, centroid);
        }
    }

    @Test
    void rejectsKOutOfRange() {
        double[][] points = {{0}, {1}};
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(points, 0, 1L));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(points, 3, 1L));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new double[0][], 1, 1L));
    }
}
