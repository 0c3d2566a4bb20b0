package io.bertstream.summarize;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with greedy k-means++ seeding, as scikit-learn's {@code KMeans}: {@code nInit} seeded runs, the
 * one with the lowest inertia wins. Deterministic for a given seed. Duplicate points are fine, even with k above
 * the number of distinct points: seeding then draws uniformly, and a cluster that ends up empty is moved onto the
 * point farthest from its centroid (possibly duplicating another centroid) instead of becoming NaN.
 */
public final class KMeans {

    /** Number of seeded runs, scikit-learn's classic {@code n_init=10}. */
    public static final int DEFAULT_N_INIT = 10;
    /** Iteration limit of one run, scikit-learn's {@code max_iter}. */
    public static final int DEFAULT_MAX_ITER = 300;
    /** Relative convergence tolerance, scikit-learn's {@code tol}. */
    public static final double DEFAULT_TOL = 1e-4;

    /**
     * A fitted clustering.
     *
     * @param centroids k rows, in cluster order
     * @param labels    cluster of each point
     * @param inertia   sum of squared distances of the points to their centroid
     */
    public record Result(double[][] centroids, int[] labels, double inertia) {
    }

    private KMeans() {
    }

    /**
     * Fits k clusters with the default number of runs, iterations and tolerance.
     *
     * @param points n rows of equal dimension, n >= 1
     * @param k      number of clusters, 1 <= k <= n
     * @param seed   random state
     * @return the best of the runs
     * @throws IllegalArgumentException on empty or ragged points or k out of range
     */
    public static Result fit(double[][] points, int k, long seed) {
        return fit(points, k, seed, DEFAULT_N_INIT, DEFAULT_MAX_ITER, DEFAULT_TOL);
    }

    /**
     * Fits k clusters.
     *
     * @param nInit   number of seeded runs (at least 1)
     * @param maxIter iteration limit of each run
     * @param tol     relative tolerance: a run stops when the squared centroid shift is at most
     *                {@code tol * mean per-dimension variance of the points}
     * @return the run with the lowest inertia (the first one on ties)
     */
    public static Result fit(double[][] points, int k, long seed, int nInit, int maxIter, double tol) {
        ClusterVectors.requireValid(points, k);
        SplittableRandom random = new SplittableRandom(seed);
        double shiftTolerance = tol * ClusterVectors.meanVariance(points);
        Result best = null;
        for (int run = 0; run < Math.max(1, nInit); run++) {
            double[][] centers = KMeansPlusPlus.seed(points, k, random);
            Result result = lloyd(points, centers, maxIter, shiftTolerance);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    private static Result lloyd(double[][] points, double[][] initialCenters, int maxIter, double shiftTolerance) {
        double[][] centers = initialCenters;
        int[] labels = assign(points, centers);
        for (int iteration = 0; iteration < maxIter; iteration++) {
            double[][] updated = means(points, labels, centers.length);
            double shift = 0;
            for (int c = 0; c < centers.length; c++) {
                shift += ClusterVectors.squaredDistance(centers[c], updated[c]);
            }
            centers = updated;
            int[] newLabels = assign(points, centers);
            boolean stable = Arrays.equals(labels, newLabels);
            labels = newLabels;
            if (stable || shift <= shiftTolerance) {
                break;
            }
        }
        return new Result(centers, labels, inertia(points, centers, labels));
    }

    private static int[] assign(double[][] points, double[][] centers) {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = ClusterVectors.nearest(points[i], centers);
        }
        return labels;
    }

    /** Cluster means; an empty cluster takes the point farthest from its own cluster's mean. */
    private static double[][] means(double[][] points, int[] labels, int k) {
        int dimension = points[0].length;
        double[][] sums = new double[k][dimension];
        int[] counts = new int[k];
        for (int i = 0; i < points.length; i++) {
            counts[labels[i]]++;
            for (int d = 0; d < dimension; d++) {
                sums[labels[i]][d] += points[i][d];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                for (int d = 0; d < dimension; d++) {
                    sums[c][d] /= counts[c];
                }
            }
        }
        boolean[] used = new boolean[points.length];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int far = farthestUnused(points, labels, sums, used);
                used[far] = true;
                sums[c] = points[far].clone();
            }
        }
        return sums;
    }

    private static int farthestUnused(double[][] points, int[] labels, double[][] centers, boolean[] used) {
        int best = -1;
        double bestDistance = -1;
        for (int i = 0; i < points.length; i++) {
            double distance = ClusterVectors.squaredDistance(points[i], centers[labels[i]]);
            if (!used[i] && distance > bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        // k <= n, so some point is always unused
        return best;
    }

    /** Sum of squared distances of the points to their assigned center. */
    static double inertia(double[][] points, double[][] centers, int[] labels) {
        double sum = 0;
        for (int i = 0; i < points.length; i++) {
            sum += ClusterVectors.squaredDistance(points[i], centers[labels[i]]);
        }
        return sum;
    }
}
