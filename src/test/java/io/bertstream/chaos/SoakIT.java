package io.bertstream.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Soak mode of the chaos harness, skipped unless {@code -Dsoak.minutes=N}: one service process under a fixed
 * offered load ({@code -Dsoak.articles.per.second}, default 2, each article followed by one question), sampling
 * throughput, end-to-end p99 latency, the service's RSS and heap every 5 s into {@code target/chaos/soak.csv}.
 * Memory must be flat: the mean RSS of the last third of the run at most 25% above that of the middle third.
 */
@Tag("soak")
class SoakIT {

    private static final int MINUTES = Integer.getInteger("soak.minutes", 0);
    private static final double ARTICLES_PER_SECOND = Double.parseDouble(System.getProperty("soak.articles.per.second", "2"));
    private static final Duration SAMPLE = Duration.ofSeconds(5);
    private static final Path RUN_DIR = ChaosCluster.PROJECT.resolve("target/chaos/soak-run");

    @Test
    void memoryStaysFlatUnderASteadyLoad() throws IOException {
        assumeTrue(MINUTES > 0, "soak mode runs only with -Dsoak.minutes=N");
        assumeTrue(SquadCorpus.available(), "no SQuAD file at " + SquadCorpus.DEFAULT_FILE.toAbsolutePath());
        int articles = (int) Math.ceil(ARTICLES_PER_SECOND * 60 * MINUTES);
        Workload workload = SquadCorpus.load().workload("soak", articles, articles);
        Directories.deleteTree(RUN_DIR);
        List<SoakSample> samples = new ArrayList<>();
        try (ChaosCluster cluster = ChaosCluster.start(RUN_DIR);
             LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), cluster.serdes())) {
            ServiceProcess service = cluster.service("soak").start();
            Await.until("the service RUNNING", Duration.ofMinutes(2), service::reachedRunning);
            try (OutputLedger ledger = new OutputLedger(cluster.bootstrapServers(), cluster.serdes())) {
                long started = System.currentTimeMillis();
                producer.sendInBackground(workload.items(), Duration.ofMillis((long) (500 / ARTICLES_PER_SECOND)));
                int seen = 0;
                while (System.currentTimeMillis() - started < MINUTES * 60_000L) {
                    Await.sleep(SAMPLE);
                    List<OutputLedger.Received> received = ledger.received();
                    List<Long> latencies = received.subList(seen, received.size()).stream()
                            .map(r -> r.atMs() - producer.sentAt(r.inputId())).toList();
                    seen = received.size();
                    samples.add(new SoakSample((System.currentTimeMillis() - started) / 1000.0,
                            latencies.size() / (double) SAMPLE.toSeconds(), SoakSample.p99(latencies),
                            ProcessMemory.rssMb(service.pid()), ProcessMemory.heapUsedMb(service.pid())));
                    System.out.println("soak " + samples.get(samples.size() - 1).csv());
                }
            }
        }
        List<String> lines = new ArrayList<>(List.of(SoakSample.CSV_HEADER));
        samples.forEach(s -> lines.add(s.csv()));
        Files.write(RUN_DIR.resolveSibling("soak.csv"), lines);
        double middle = SoakSample.meanOfThird(samples, 1, SoakSample::rssMb);
        double last = SoakSample.meanOfThird(samples, 2, SoakSample::rssMb);
        System.out.printf("soak: RSS mean middle third %.0f MB, last third %.0f MB; heap used middle %.0f MB, last %.0f MB%n",
                middle, last, SoakSample.meanOfThird(samples, 1, SoakSample::heapUsedMb),
                SoakSample.meanOfThird(samples, 2, SoakSample::heapUsedMb));
        assertTrue(last <= middle * 1.25, "RSS grew from " + middle + " MB to " + last + " MB");
    }
}
