package io.bertstream.summarize;

import java.util.Arrays;

/**
 * Gaussian mixture with <b>diagonal</b> covariances fitted by EM, initialised from a seeded k-means run (as
 * scikit-learn's {@code GaussianMixture(init_params="kmeans")}, but diagonal instead of its default full
 * covariance: sentence embeddings have hundreds of dimensions and few points, so full covariances would be
 * singular). Numerically safe: responsibilities use log-sum-exp, every variance gets {@code regCovar} added, and a
 * component that loses all its responsibility keeps its previous mean and variance instead of collapsing.
 */
public final class GaussianMixture {

    /** EM iteration limit, scikit-learn's {@code max_iter}. */
    public static final int DEFAULT_MAX_ITER = 100;
    /** Convergence threshold on the mean log-likelihood, scikit-learn's {@code tol}. */
    public static final double DEFAULT_TOL = 1e-3;
    /** Added to every variance, scikit-learn's {@code reg_covar}. */
    public static final double DEFAULT_REG_COVAR = 1e-6;

    /** Smallest variance ever used, even with {@code regCovar == 0} and identical points. */
    private static final double VARIANCE_FLOOR = 1e-12;
    /** Below this total responsibility a component is considered empty. */
    private static final double EMPTY = 1e-10;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * A fitted mixture.
     *
     * @param means             k component means (the centroids), in component order
     * @param variances         k diagonal variances
     * @param weights           k mixing weights, summing to 1
     * @param labels            most responsible component of each point
     * @param meanLogLikelihood average log-likelihood per point at the end
     * @param converged         whether the change of {@code meanLogLikelihood} fell below the tolerance
     */
    public record Result(double[][] means, double[][] variances, double[] weights, int[] labels,
                         double meanLogLikelihood, boolean converged) {
    }

    private GaussianMixture() {
    }

    /**
     * Fits k components with scikit-learn's defaults (100 iterations, tol 1e-3, reg_covar 1e-6).
     *
     * @param points n rows of equal dimension, n >= 1
     * @param k      number of components, 1 <= k <= n
     * @param seed   random state of the k-means initialisation
     * @throws IllegalArgumentException on empty or ragged points or k out of range
     */
    public static Result fit(double[][] points, int k, long seed) {
        return fit(points, k, seed, DEFAULT_MAX_ITER, DEFAULT_TOL, DEFAULT_REG_COVAR);
    }

    /**
     * Fits k components.
     *
     * @param maxIter   EM iteration limit
     * @param tol       convergence threshold on the change of the mean log-likelihood
     * @param regCovar  non-negative amount added to every variance
     */
    public static Result fit(double[][] points, int k, long seed, int maxIter, double tol, double regCovar) {
        ClusterVectors.requireValid(points, k);
        KMeans.Result init = KMeans.fit(points, k, seed, 1, KMeans.DEFAULT_MAX_ITER, KMeans.DEFAULT_TOL);
        Params params = initialParams(points, init, regCovar);
        double[][] responsibilities = new double[points.length][k];
        double previous = Double.NEGATIVE_INFINITY;
        double current = expectation(points, params, responsibilities);
        boolean converged = false;
        for (int iteration = 0; iteration < maxIter && !converged; iteration++) {
            params = maximization(points, responsibilities, params, regCovar);
            previous = current;
            current = expectation(points, params, responsibilities);
            converged = Math.abs(current - previous) < tol;
        }
        return new Result(params.means, params.variances, params.weights, argmax(responsibilities), current,
                converged);
    }

    private record Params(double[][] means, double[][] variances, double[] weights) {
    }

    /** Means are the k-means centroids; variances and weights come from the hard k-means labels. */
    private static Params initialParams(double[][] points, KMeans.Result init, double regCovar) {
        int k = init.centroids().length;
        double[][] responsibilities = new double[points.length][k];
        for (int i = 0; i < points.length; i++) {
            responsibilities[i][init.labels()[i]] = 1;
        }
        // an empty k-means cluster (possible with duplicate points) starts at its centroid with the global variance
        double[] globalVariance = varianceAround(points, null, mean(points), regCovar);
        Params fallback = new Params(init.centroids(), repeat(globalVariance, k), new double[k]);
        return maximization(points, responsibilities, fallback, regCovar);
    }

    /** M-step; components with no responsibility keep the parameters of {@code previous}. */
    private static Params maximization(double[][] points, double[][] resp, Params previous, double regCovar) {
        int k = previous.means.length;
        double[][] means = new double[k][];
        double[][] variances = new double[k][];
        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            double[] column = new double[points.length];
            double mass = 0;
            for (int i = 0; i < points.length; i++) {
                column[i] = resp[i][c];
                mass += column[i];
            }
            if (mass < EMPTY) {
                means[c] = previous.means[c];
                variances[c] = previous.variances[c];
            } else {
                means[c] = weightedMean(points, column, mass);
                variances[c] = varianceAround(points, column, means[c], regCovar);
            }
            weights[c] = mass + EMPTY;
            total += weights[c];
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= total;
        }
        return new Params(means, variances, weights);
    }

    /** E-step: fills the responsibilities and returns the mean log-likelihood. */
    private static double expectation(double[][] points, Params params, double[][] resp) {
        int k = params.means.length;
        double[] logNormalizer = new double[k];
        for (int c = 0; c < k; c++) {
            double sumLogVariance = 0;
            for (double v : params.variances[c]) {
                sumLogVariance += Math.log(v);
            }
            logNormalizer[c] = Math.log(params.weights[c]) - 0.5 * (params.variances[c].length * LOG_2PI
                    + sumLogVariance);
        }
        double total = 0;
        for (int i = 0; i < points.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double mahalanobis = 0;
                for (int d = 0; d < points[i].length; d++) {
                    double diff = points[i][d] - params.means[c][d];
                    mahalanobis += diff * diff / params.variances[c][d];
                }
                resp[i][c] = logNormalizer[c] - 0.5 * mahalanobis;
                max = Math.max(max, resp[i][c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(resp[i][c] - max);
            }
            double logSum = max + Math.log(sum);
            for (int c = 0; c < k; c++) {
                resp[i][c] = Math.exp(resp[i][c] - logSum);
            }
            total += logSum;
        }
        return total / points.length;
    }

    private static double[] mean(double[][] points) {
        double[] ones = new double[points.length];
        Arrays.fill(ones, 1);
        return weightedMean(points, ones, points.length);
    }

    private static double[] weightedMean(double[][] points, double[] weights, double mass) {
        double[] mean = new double[points[0].length];
        for (int i = 0; i < points.length; i++) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += weights[i] * points[i][d];
            }
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= mass;
        }
        return mean;
    }

    /** Weighted per-dimension variance around {@code center} plus {@code regCovar}; null weights mean all 1. */
    private static double[] varianceAround(double[][] points, double[] weights, double[] center, double regCovar) {
        double[] variance = new double[center.length];
        double mass = 0;
        for (int i = 0; i < points.length; i++) {
            double w = weights == null ? 1 : weights[i];
            mass += w;
            for (int d = 0; d < center.length; d++) {
                double diff = points[i][d] - center[d];
                variance[d] += w * diff * diff;
            }
        }
        for (int d = 0; d < center.length; d++) {
            variance[d] = Math.max(variance[d] / mass + regCovar, VARIANCE_FLOOR);
        }
        return variance;
    }

    private static double[][] repeat(double[] row, int times) {
        double[][] rows = new double[times][];
        for (int i = 0; i < times; i++) {
            rows[i] = row.clone();
        }
        return rows;
    }

    private static int[] argmax(double[][] resp) {
        int[] labels = new int[resp.length];
        for (int i = 0; i < resp.length; i++) {
            for (int c = 1; c < resp[i].length; c++) {
                if (resp[i][c] > resp[i][labels[i]]) {
                    labels[i] = c;
                }
            }
        }
        return labels;
    }
}
