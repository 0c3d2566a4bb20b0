package io.bertstream.summarize;

import io.bertstream.text.Sentence;

import java.util.List;

/**
 * What the clustering of one article may cost, checked before any work from the article's sentences and its
 * resolved options. The cost model counts multiply-adds at the iteration limits (a bound, not an estimate: most
 * fits converge far sooner), with n clustered points, k clusters and d embedding dimensions:
 * <ul>
 *   <li>k-means: {@code nInit x maxIter x n x k x d} (10 x 300, as scikit-learn);</li>
 *   <li>gmm: one k-means run to start ({@code 300 x n x k x d}), then {@code 100 x 3 x n x k x d} for EM over
 *       diagonal covariances;</li>
 *   <li>optimalK up to K = min(kMax, n): the {@code n x n} distance matrix ({@code n^2 x d / 2}) and one k-means
 *       fit and silhouette ({@code n^2}) for each k in 2..K, then the clustering itself with K; the matrix also
 *       takes {@code 8 n^2} bytes of heap, checked against its own budget.</li>
 * </ul>
 */
public record ClusteringBudget(long maxOperations, long maxMatrixBytes) {

    /** The bound of an article's clustering work: multiply-adds and bytes of the distance matrix. */
    public record Cost(long operations, long matrixBytes) {
    }

    /** Why clustering these sentences with {@code config} is over budget, or null when it is not. */
    public String violation(List<Sentence> sentences, SummaryConfig config, int dimension) {
        Cost cost = cost(sentences, config, dimension);
        if (cost.matrixBytes() > maxMatrixBytes) {
            return "optimalK over " + Math.round(Math.sqrt(cost.matrixBytes() / 8.0)) + " sentences needs a distance "
                    + "matrix of " + cost.matrixBytes() + " bytes, more than summary.max.cluster.matrix.bytes="
                    + maxMatrixBytes;
        }
        if (cost.operations() > maxOperations) {
            return "clustering with these options may take " + cost.operations() + " multiply-adds, more than "
                    + "summary.max.cluster.operations=" + maxOperations;
        }
        return null;
    }

    /** The cost bound of summarising these sentences with {@code config}. */
    public static Cost cost(List<Sentence> sentences, SummaryConfig config, int dimension) {
        ExtractiveSummarizer.Plan plan = ExtractiveSummarizer.plan(sentences, config);
        long n = plan.points();
        if (config.optimalK() && plan.k() >= 2) {
            long kMax = plan.k();
            double operations = n * n * (double) dimension / 2 + fit(config, n, kMax, dimension);
            for (long k = 2; k <= kMax; k++) {
                operations += kMeans(n, k, dimension) + n * n;
            }
            return new Cost(saturated(operations), saturated(8.0 * n * n));
        }
        // k = 0 (only the first sentence) or k = n (every point its own cluster) fit nothing
        long k = plan.k();
        return new Cost(k == 0 || k >= n ? 0 : saturated(fit(config, n, k, dimension)), 0);
    }

    private static double fit(SummaryConfig config, long n, long k, int d) {
        if (config.algorithm() == SummaryConfig.Algorithm.GMM) {
            return (double) KMeans.DEFAULT_MAX_ITER * n * k * d + 3.0 * GaussianMixture.DEFAULT_MAX_ITER * n * k * d;
        }
        return kMeans(n, k, d);
    }

    private static double kMeans(long n, long k, int d) {
        return (double) KMeans.DEFAULT_N_INIT * KMeans.DEFAULT_MAX_ITER * n * k * d;
    }

    private static long saturated(double value) {
        return value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) value;
    }
}
