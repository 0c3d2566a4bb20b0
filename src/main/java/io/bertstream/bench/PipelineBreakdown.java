package io.bertstream.bench;

import io.bertstream.app.EnrichmentService;
import io.bertstream.topology.BatchStats;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the pipeline's time goes, as the difference of two snapshots of cumulative totals: our own stages in the
 * article batcher ({@link BatchStats.Stage}: splitting, tokenizing, the model, clustering, the store, forwarding),
 * the transactions' commits (the producer's commit, send-offsets and flush time) and the time the stream
 * thread was blocked on Kafka otherwise (waiting in poll for records from the broker).
 */
final class PipelineBreakdown {

    private static final String[] COMMIT_METRICS = {
            "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total", "txn-begin-time-ns-total",
            "flush-time-ns-total"};
    private static final String BLOCKED_METRIC = "blocked-time-ns-total";

    private final Map<BatchStats.Stage, Double> stages = new EnumMap<>(BatchStats.Stage.class);
    private final double commitSeconds;
    private final double blockedSeconds;
    private final long wallNanos = System.nanoTime();

    private PipelineBreakdown(EnrichmentService service) {
        for (BatchStats.Stage stage : BatchStats.Stage.values()) {
            stages.put(stage, service.stats().articles().stageSeconds(stage));
        }
        this.commitSeconds = commitSeconds(service);
        this.blockedSeconds = sum(service.streams().metrics(), BLOCKED_METRIC) / 1e9;
    }

    /** Seconds the stream threads spent in transactions' commits so far (commit, send-offsets, begin, flush). */
    static double commitSeconds(EnrichmentService service) {
        Map<MetricName, ? extends Metric> metrics = service.streams().metrics();
        double commit = 0;
        for (String name : COMMIT_METRICS) {
            commit += sum(metrics, name) / 1e9;
        }
        return commit;
    }

    static PipelineBreakdown snapshot(EnrichmentService service) {
        return new PipelineBreakdown(service);
    }

    /**
     * Shares of the wall time between {@code before} and this snapshot, by part; "other" is what remains of the
     * wall time (buffering, deserialising, the reader's fetches after the last commit, the CPU given to the
     * broker and the clients).
     */
    Map<String, Double> sharesSince(PipelineBreakdown before) {
        double wall = (wallNanos - before.wallNanos) / 1e9;
        Map<String, Double> shares = new LinkedHashMap<>();
        double accounted = 0;
        for (BatchStats.Stage stage : BatchStats.Stage.values()) {
            double seconds = stages.get(stage) - before.stages.get(stage);
            shares.put(stage.name().toLowerCase(Locale.ROOT), seconds / wall);
            accounted += seconds;
        }
        double commit = commitSeconds - before.commitSeconds;
        // the commit's waits are blocked time too: what remains is waiting for records
        double polling = Math.max(0, blockedSeconds - before.blockedSeconds - commit);
        shares.put("commit", commit / wall);
        shares.put("broker_wait", polling / wall);
        accounted += commit + polling;
        shares.put("other", Math.max(0, wall - accounted) / wall);
        return shares;
    }

    private static double sum(Map<MetricName, ? extends Metric> metrics, String name) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (e.getKey().name().equals(name) && e.getValue().metricValue() instanceof Number n
                    && Double.isFinite(n.doubleValue())) {
                total += n.doubleValue();
            }
        }
        return total;
    }
}
