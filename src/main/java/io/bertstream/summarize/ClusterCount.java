package io.bertstream.summarize;

import java.util.Arrays;

/**
 * Chooses the number of clusters for {@code summary.optimal.k}: the k in {@code 2..K}, with
 * {@code K = min(max(kMax, 1), n)}, whose {@link KMeans} clustering (same seed) has the highest mean silhouette
 * (Rousseeuw 1987, Euclidean distance); 1 when {@code K < 2} or no k reaches {@link #MIN_SILHOUETTE}.
 *
 * <p>Measured against the knee of the inertia curve (Kneedle, and the largest second difference used before) on
 * SQuAD articles joined by topic count, with the real MiniLM embeddings (OptimalKOnRealArticlesTest, figures in
 * the README): the silhouette finds the topic count best. Cost: n² distances plus K - 1 k-means fits.
 */
public final class ClusterCount {

    /** Below this mean silhouette there is no structure worth splitting: one cluster. */
    static final double MIN_SILHOUETTE = 0.02;

    private ClusterCount() {
    }

    /**
     * @param points n >= 1 rows of equal dimension
     * @param kMax   largest k tried (values below 1 count as 1)
     * @param seed   random state of every k-means fit
     * @return the k with the best mean silhouette, in {@code [1, min(kMax, n)]}
     */
    public static int optimalK(double[][] points, int kMax, long seed) {
        ClusterVectors.requireValid(points, 1);
        int maxK = Math.min(Math.max(kMax, 1), points.length);
        if (maxK < 2) {
            return 1;
        }
        double[][] distances = distances(points);
        int best = 1;
        double bestScore = MIN_SILHOUETTE;
        for (int k = 2; k <= maxK; k++) {
            double score = meanSilhouette(distances, KMeans.fit(points, k, seed).labels(), k);
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /** Mean over points of (b - a) / max(a, b); a point alone in its cluster scores 0. */
    static double meanSilhouette(double[][] distances, int[] labels, int k) {
        int n = labels.length;
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            int own = labels[i];
            if (sizes[own] < 2) {
                continue;
            }
            Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                sums[labels[j]] += distances[i][j];
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            double spread = Math.max(a, b);
            total += spread > 0 && b < Double.POSITIVE_INFINITY ? (b - a) / spread : 0;
        }
        return total / n;
    }

    private static double[][] distances(double[][] points) {
        int n = points.length;
        double[][] distances = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distances[i][j] = Math.sqrt(ClusterVectors.squaredDistance(points[i], points[j]));
                distances[j][i] = distances[i][j];
            }
        }
        return distances;
    }
}
