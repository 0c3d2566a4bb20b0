package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Synthetic well-separated clusters for clustering tests. */
final class Blobs {

    final double[][] points;
    final int[] truth;

    private Blobs(double[][] points, int[] truth) {
        this.points = points;
        this.truth = truth;
    }

    /**
     * {@code perCluster} points around each center with Gaussian noise of the given spread; points are interleaved
     * (cluster 0, 1, ..., 0, 1, ...) so that no algorithm can profit from their order.
     */
    static Blobs around(double[][] centers, int perCluster, double spread, long seed) {
        Random random = new Random(seed);
        int n = centers.length * perCluster;
        double[][] points = new double[n][];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % centers.length;
            truth[i] = c;
            points[i] = new double[centers[c].length];
            for (int d = 0; d < points[i].length; d++) {
                points[i][d] = centers[c][d] + spread * random.nextGaussian();
            }
        }
        return new Blobs(points, truth);
    }

    /** Centers at {@code scale} times the first {@code k} unit vectors of a {@code dimension}-space. */
    static double[][] orthogonalCenters(int k, int dimension, double scale) {
        double[][] centers = new double[k][dimension];
        for (int c = 0; c < k; c++) {
            centers[c][c] = scale;
        }
        return centers;
    }

    /** Asserts that {@code labels} induce exactly the partition of {@code truth} (cluster numbering may differ). */
    void assertSamePartition(int[] labels) {
        for (int i = 0; i < truth.length; i++) {
            for (int j = i + 1; j < truth.length; j++) {
                assertEquals(truth[i] == truth[j], labels[i] == labels[j], "points " + i + " and " + j);
            }
        }
    }
}
