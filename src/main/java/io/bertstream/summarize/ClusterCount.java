package io.bertstream.summarize;

/**
 * Chooses a number of clusters for {@code summary.optimal.k}, from k-means fits for {@code k = 1..K} with
 * {@code K = min(max(kMax, 1), n)}. Two methods are implemented and compared on real articles in
 * {@code OptimalKOnRealArticlesTest}; the README gives the figures.
 *
 * <ul>
 *   <li>{@link #silhouette}: the k in {@code 2..K} with the highest mean silhouette (Rousseeuw 1987, Euclidean).
 *       1 when {@code K < 2} or no k reaches {@link #MIN_SILHOUETTE}.</li>
 *   <li>{@link #kneedle}: Kneedle (Satopää et al. 2011) on the inertia curve: with both axes scaled to
 *       {@code [0, 1]}, the k where the curve lies farthest below the chord from {@code I(1)} to {@code I(K)}.
 *       1 when {@code K < 3} or the curve never dips below the chord.</li>
 * </ul>
 *
 * <p>The second difference of the inertia curve, used before, peaks at k = 2 on any smooth convex curve, which is
 * what sentence embeddings give.
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
    public static int silhouette(double[][] points, int kMax, long seed) {
        Vectors.requireValid(points, 1);
        int maxK = Math.min(Math.max(kMax, 1), points.length);
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

    /**
     * @param points n >= 1 rows of equal dimension
     * @param kMax   largest k tried (values below 1 count as 1)
     * @param seed   random state of every k-means fit
     * @return the knee of the inertia curve, in {@code [1, min(kMax, n)]}
     */
    public static int kneedle(double[][] points, int kMax, long seed) {
        return kneeOf(Elbow.inertiaCurve(points, kMax, seed));
    }

    /**
     * @param inertias {@code I(1), ..., I(K)}, non-empty and non-increasing up to fitting noise
     * @return the k farthest below the chord of the normalised curve, or 1 if none is below it
     */
    static int kneeOf(double[] inertias) {
        int last = inertias.length - 1;
        double range = inertias[0] - inertias[last];
        if (last < 2 || !(range > 0)) {
            return 1;
        }
        int best = 1;
        double bestGap = 1e-9;
        for (int k = 2; k <= last; k++) {
            double x = (k - 1) / (double) last;
            double y = (inertias[k - 1] - inertias[last]) / range;
            double gap = (1 - x) - y; // chord minus curve
            if (gap > bestGap) {
                bestGap = gap;
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
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                sums[labels[j]] += distances[i][j];
            }
            int own = labels[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            double spread = Math.max(a, b);
            total += spread > 0 ? (b - a) / spread : 0;
        }
        return total / n;
    }

    private static double[][] distances(double[][] points) {
        int n = points.length;
        double[][] distances = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distances[i][j] = distances[j][i] = Math.sqrt(Vectors.squaredDistance(points[i], points[j]));
            }
        }
        return distances;
    }
}
