package io.bertstream.summarize;

/** Small dense-vector helpers shared by the clustering code. */
final class ClusterVectors {

    private ClusterVectors() {
    }

    /** Squared Euclidean distance. */
    static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }

    /** Index of the center nearest to {@code point}; ties go to the lowest index. */
    static int nearest(double[] point, double[][] centers) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centers.length; c++) {
            double distance = squaredDistance(point, centers[c]);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    /** Widens float rows to double rows. */
    static double[][] toDouble(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int d = 0; d < rows[i].length; d++) {
                out[i][d] = rows[i][d];
            }
        }
        return out;
    }

    /** Checks that there is at least one point, all of the same non-zero dimension, and 1 <= k <= points. */
    static void requireValid(double[][] points, int k) {
        if (points.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        int dimension = points[0].length;
        for (double[] point : points) {
            if (point.length != dimension || dimension == 0) {
                throw new IllegalArgumentException("points must share one non-zero dimension");
            }
        }
        if (k < 1 || k > points.length) {
            throw new IllegalArgumentException("k must be in [1, " + points.length + "], was " + k);
        }
    }

    /** Mean over points of the per-dimension variance; scales the k-means tolerance like scikit-learn. */
    static double meanVariance(double[][] points) {
        int dimension = points[0].length;
        double total = 0;
        for (int d = 0; d < dimension; d++) {
            double mean = 0;
            for (double[] point : points) {
                mean += point[d];
            }
            mean /= points.length;
            double variance = 0;
            for (double[] point : points) {
                variance += (point[d] - mean) * (point[d] - mean);
            }
            total += variance / points.length;
        }
        return total / dimension;
    }
}
