package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterCountTest {

    @Test
    void findsFourClearClusters() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(4, 10, 10), 12, 0.3, 8);
        assertEquals(4, ClusterCount.optimalK(blobs.points, 10, 12345L));
    }

    @Test
    void findsThreeClearClustersIn2D() {
        Blobs blobs = Blobs.around(new double[][] {{0, 0}, {20, 0}, {10, 17.32}}, 10, 0.5, 9);
        assertEquals(3, ClusterCount.optimalK(blobs.points, 8, 1L));
    }

    @Test
    void noStructureMeansOne() {
        assertEquals(1, ClusterCount.optimalK(new double[][] {{5}}, 4, 3L));
        assertEquals(1, ClusterCount.optimalK(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}}, 4, 3L));
        assertEquals(1, ClusterCount.optimalK(new double[][] {{0}, {9}}, 1, 3L));
    }

    @Test
    void silhouetteOfTwoTightPairsIsNearOne() {
        double[][] distances = {{0, 1, 10, 10}, {1, 0, 10, 10}, {10, 10, 0, 1}, {10, 10, 1, 0}};
        assertEquals(0.9, ClusterCount.meanSilhouette(distances, new int[] {0, 0, 1, 1}, 2), 1e-12);
        // the wrong split scores below zero
        assertEquals(-0.45, ClusterCount.meanSilhouette(distances, new int[] {0, 1, 0, 1}, 2), 1e-12);
    }

    @Test
    void neverMoreClustersThanPoints() {
        double[][] points = {{0}, {1}, {5}};
        int k = ClusterCount.optimalK(points, 10, 4L);
        assertEquals(k, ClusterCount.optimalK(points, 10, 4L));
        assertTrue(k >= 1 && k <= 3, "k=" + k);
    }
}
