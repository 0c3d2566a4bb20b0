package io.bertstream.chaos;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** One soak sample: outputs per second and end-to-end p99 over the last window, and the service's memory. */
record SoakSample(double atSeconds, double outputsPerSecond, long p99LatencyMs, double rssMb, double heapUsedMb) {

    static final String CSV_HEADER = "seconds,outputs_per_second,p99_latency_ms,rss_mb,heap_used_mb";

    String csv() {
        return String.format("%.1f,%.2f,%d,%.1f,%.1f", atSeconds, outputsPerSecond, p99LatencyMs, rssMb, heapUsedMb);
    }

    /** The mean of a figure over the samples of one third (0, 1 or 2) of the run. */
    static double meanOfThird(List<SoakSample> samples, int third, ToDoubleFunction<SoakSample> figure) {
        int from = third * samples.size() / 3;
        int to = (third + 1) * samples.size() / 3;
        return samples.subList(from, to).stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    /** The p99 of latencies (ms), or -1 when there are none. */
    static long p99(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return -1;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }
}
