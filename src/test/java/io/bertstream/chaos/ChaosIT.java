package io.bertstream.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service, the broker and the schema registry as separate processes; while SQuAD articles and questions are
 * processed: {@code kill -9} of the service and restarts on the same state dir (the last on an empty one, so
 * every store is restored from its changelog), the broker killed and restarted on its data dir, and a fail-over
 * from one of two instances to the other. Then every article must have exactly one summary and every question
 * exactly one answer whose offsets hold the answer text. Scale with {@code -Dchaos.articles}, {@code
 * -Dchaos.questions}, {@code -Dchaos.kills}, {@code -Dchaos.broker.down.seconds}, {@code -Dchaos.produce.seconds},
 * {@code -Dchaos.seed}. The report goes to stdout and {@code target/chaos/report.md}.
 */
@Tag("chaos")
class ChaosIT {

    private static final int ARTICLES = Integer.getInteger("chaos.articles", 40);
    private static final int QUESTIONS = Integer.getInteger("chaos.questions", ARTICLES * 3 / 2);
    private static final int KILLS = Integer.getInteger("chaos.kills", 3);
    private static final int BROKER_DOWN_SECONDS = Integer.getInteger("chaos.broker.down.seconds", 10);
    private static final int PRODUCE_SECONDS = Integer.getInteger("chaos.produce.seconds", 150);
    private static final long SEED = Long.getLong("chaos.seed", 9L);
    private static final int PARTITIONS = 2;
    private static final Path RUN_DIR = ChaosCluster.PROJECT.resolve("target/chaos/chaos-run");

    private final Random random = new Random(SEED);

    @Test
    void everyInputHasExactlyOneOutputThroughKillsABrokerOutageAndAFailOver() throws Exception {
        // a missing data file must fail the build, not skip the one test that kills processes
        assertTrue(SquadCorpus.available(), "ChaosIT needs the SQuAD file at "
                + SquadCorpus.DEFAULT_FILE.toAbsolutePath() + " (see ../shared/README.md)");
        Workload workload = SquadCorpus.load().workload("chaos", ARTICLES, QUESTIONS);
        Directories.deleteTree(RUN_DIR);
        long startedAt = System.currentTimeMillis();
        try (ChaosCluster cluster = ChaosCluster.start(RUN_DIR);
             LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), cluster.serdes())) {
            ServiceProcess first = cluster.service("service-a").start();
            Await.until("service-a RUNNING", Duration.ofMinutes(2), first::reachedRunning);
            OutputLedger ledger = new OutputLedger(cluster.bootstrapServers(), cluster.serdes());
            Thread sending = producer.sendInBackground(workload.items(),
                    Duration.ofMillis(PRODUCE_SECONDS * 1000L / workload.items().size()));
            FaultRecorder faults = new FaultRecorder(ledger, PARTITIONS, Duration.ofMinutes(2));

            for (int k = 1; k <= KILLS; k++) {
                boolean wipe = k == KILLS;
                pause();
                faults.inject(wipe ? "kill -9 service, restart on an EMPTY state dir" : "kill -9 service, restart",
                        () -> {
                            first.kill();
                            if (wipe) {
                                first.wipeState();
                            }
                        }, first::start);
            }
            pause();
            faults.inject("broker killed for " + BROKER_DOWN_SECONDS + " s, restarted on its data dir", () -> {
                cluster.broker().kill();
                Await.sleep(Duration.ofSeconds(BROKER_DOWN_SECONDS));
            }, cluster.broker()::start);
            ServiceProcess second = cluster.service("service-b").start();
            Await.until("service-b RUNNING", Duration.ofMinutes(2), second::reachedRunning);
            pause();
            faults.inject("kill -9 one of two instances (tasks move to the standby)", first::kill, () -> {
            });

            producer.pace(Duration.ofMillis(20));
            sending.join();
            producer.flush();
            Await.until("an output for every input", Duration.ofMinutes(3),
                    () -> DeliveryCheck.of(workload, ledger.received()).lostCount() == 0);
            ledger.close();
            // the verdict comes from a fresh read_committed read of the whole output topics
            DeliveryCheck check = DeliveryCheck.of(workload,
                    OutputLedger.readAll(cluster.bootstrapServers(), cluster.serdes()));
            String report = ChaosReport.markdown("Chaos run: " + ARTICLES + " articles, " + QUESTIONS
                    + " questions, seed " + SEED, faults.faults(), check, startedAt);
            System.out.println(report);
            ChaosReport.write(RUN_DIR.resolveSibling("report.md"), report);

            assertEquals(List.of(), List.copyOf(producer.failures().values()), "every input acknowledged");
            assertTrue(check.exactlyOnce(), String.join("\n", check.problems()));
        }
    }

    /** A seeded random wait of 2-8 s: the next fault hits while inputs are being processed. */
    private void pause() {
        Await.sleep(Duration.ofMillis(2000 + random.nextInt(6000)));
    }
}
