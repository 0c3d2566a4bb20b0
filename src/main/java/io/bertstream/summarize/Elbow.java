package io.bertstream.summarize;

/**
 * Chooses a number of clusters from the k-means inertia curve.
 *
 * <p>Precisely: with {@code K = min(max(kMax, 1), n)}, the curve is {@code I(k)} = inertia of {@link KMeans} with
 * the given seed for {@code k = 1..K}. The elbow is the {@code k} in {@code 2..K-1} with the largest second
 * difference {@code I(k-1) - 2 I(k) + I(k+1)} (the smallest such k on ties). When {@code K < 3}, or no second
 * difference is positive (beyond rounding noise relative to {@code I(1)}), there is no elbow and the answer is 1.
 *
 * <p>bert-extractive-summarizer's {@code calculate_optimal_cluster} means to do this, but its
 * {@code strength = delta_2[j+1] - delta_1[j+1]} simplifies to {@code -delta_1[j]}, a first difference, and its
 * curve stops at {@code kMax - 1}; here the second difference is used as intended and {@code kMax} is included.
 * The curve always uses k-means inertia, also when the summary then clusters with a Gaussian mixture (which has
 * no inertia: the original fails there).
 */
public final class Elbow {

    /** Second differences below this share of I(1) are rounding noise, not an elbow. */
    private static final double RELATIVE_NOISE = 1e-9;

    private Elbow() {
    }

    /**
     * @param points n >= 1 rows of equal dimension
     * @param kMax   largest k tried (values below 1 count as 1)
     * @param seed   random state of every k-means fit
     * @return the elbow k, in {@code [1, min(kMax, n)]}
     */
    public static int optimalK(double[][] points, int kMax, long seed) {
        return elbowOf(inertiaCurve(points, kMax, seed));
    }

    /**
     * @return {@code I(1), ..., I(K)} with {@code K = min(max(kMax, 1), n)}; element {@code k-1} is for k clusters
     */
    public static double[] inertiaCurve(double[][] points, int kMax, long seed) {
        Vectors.requireValid(points, 1);
        int maxK = Math.min(Math.max(kMax, 1), points.length);
        double[] inertias = new double[maxK];
        for (int k = 1; k <= maxK; k++) {
            inertias[k - 1] = KMeans.fit(points, k, seed).inertia();
        }
        return inertias;
    }

    /**
     * @param inertias {@code I(1), ..., I(K)}, non-empty
     * @return the k with the largest positive second difference, or 1 if there is none
     */
    public static int elbowOf(double[] inertias) {
        double noise = RELATIVE_NOISE * Math.abs(inertias[0]);
        int best = 1;
        double bestStrength = noise;
        for (int k = 2; k < inertias.length; k++) {
            double strength = inertias[k - 2] - 2 * inertias[k - 1] + inertias[k];
            if (strength > bestStrength) {
                bestStrength = strength;
                best = k;
            }
        }
        return best;
    }
}
