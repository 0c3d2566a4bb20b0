package io.bertstream.bench;

import java.util.Arrays;

/** Times a task: warm-up runs first, then the median wall time of the measured runs. */
final class Repeated {

    private Repeated() {
    }

    static double medianSeconds(Runnable task, int warmups, int runs) {
        return median(seconds(task, warmups, runs));
    }

    /** The fastest of the measured runs. */
    static double minSeconds(Runnable task, int warmups, int runs) {
        return Arrays.stream(seconds(task, warmups, runs)).min().orElseThrow();
    }

    private static double[] seconds(Runnable task, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            task.run();
        }
        double[] seconds = new double[Math.max(1, runs)];
        for (int i = 0; i < seconds.length; i++) {
            long started = System.nanoTime();
            task.run();
            seconds[i] = (System.nanoTime() - started) / 1e9;
        }
        return seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The value at quantile {@code q} (0..1) by the nearest-rank method. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
