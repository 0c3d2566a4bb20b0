package io.bertstream.summarize;

import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding (as scikit-learn): the first center is a uniform draw; each next one is the best, by
 * resulting potential, of {@code 2 + floor(ln k)} candidates drawn with probability proportional to the squared
 * distance to the nearest center chosen so far.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {
    }

    static double[][] seed(double[][] points, int k, SplittableRandom random) {
        int n = points.length;
        int trials = 2 + (int) Math.log(k);
        double[][] centers = new double[k][];
        centers[0] = points[random.nextInt(n)].clone();
        double[] closest = new double[n];
        for (int i = 0; i < n; i++) {
            closest[i] = ClusterVectors.squaredDistance(points[i], centers[0]);
        }
        for (int c = 1; c < k; c++) {
            int bestCandidate = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int candidate = draw(closest, random);
                double potential = 0;
                for (int i = 0; i < n; i++) {
                    potential += Math.min(closest[i], ClusterVectors.squaredDistance(points[i], points[candidate]));
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    bestCandidate = candidate;
                }
            }
            centers[c] = points[bestCandidate].clone();
            for (int i = 0; i < n; i++) {
                closest[i] = Math.min(closest[i], ClusterVectors.squaredDistance(points[i], centers[c]));
            }
        }
        return centers;
    }

    /** Index drawn proportionally to {@code weights}; uniform when they are all zero (only duplicates left). */
    private static int draw(double[] weights, SplittableRandom random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (!(total > 0)) {
            return random.nextInt(weights.length);
        }
        double target = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (target < cumulative && weights[i] > 0) {
                return i;
            }
        }
        // rounding left the target past the last positive weight
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return random.nextInt(weights.length);
    }
}
