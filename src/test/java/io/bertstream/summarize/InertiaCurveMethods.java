package io.bertstream.summarize;

/**
 * The methods {@link ClusterCount} was measured against, both reading the k-means inertia curve
 * {@code I(1..K)}, {@code K = min(max(kMax, 1), n)}: the largest second difference (what
 * {@code summary.optimal.k} used before issue 12) and Kneedle (Satopää et al. 2011).
 */
final class InertiaCurveMethods {

    private InertiaCurveMethods() {
    }

    static double[] inertiaCurve(double[][] points, int kMax, long seed) {
        int maxK = Math.min(Math.max(kMax, 1), points.length);
        double[] inertias = new double[maxK];
        for (int k = 1; k <= maxK; k++) {
            inertias[k - 1] = KMeans.fit(points, k, seed).inertia();
        }
        return inertias;
    }

    /** The k in {@code 2..K-1} with the largest positive second difference, else 1. */
    static int secondDifference(double[][] points, int kMax, long seed) {
        double[] inertias = inertiaCurve(points, kMax, seed);
        int best = 1;
        double bestStrength = 1e-9 * Math.abs(inertias[0]);
        for (int k = 2; k < inertias.length; k++) {
            double strength = inertias[k - 2] - 2 * inertias[k - 1] + inertias[k];
            if (strength > bestStrength) {
                bestStrength = strength;
                best = k;
            }
        }
        return best;
    }

    /** With both axes scaled to [0, 1], the k farthest below the chord from I(1) to I(K), else 1. */
    static int kneedle(double[][] points, int kMax, long seed) {
        double[] inertias = inertiaCurve(points, kMax, seed);
        int last = inertias.length - 1;
        double range = inertias[0] - inertias[last];
        if (last < 2 || !(range > 0)) {
            return 1;
        }
        int best = 1;
        double bestGap = 1e-9;
        for (int k = 2; k <= last; k++) {
            double gap = (1 - (k - 1) / (double) last) - (inertias[k - 1] - inertias[last]) / range;
            if (gap > bestGap) {
                bestGap = gap;
                best = k;
            }
        }
        return best;
    }
}
