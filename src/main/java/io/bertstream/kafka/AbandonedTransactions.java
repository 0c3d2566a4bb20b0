package io.bertstream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends the open transactions of instances that are gone, so that a crash does not stall their partitions.
 * <p>
 * Under exactly_once_v2 a stream thread's transactional id belongs to its process
 * ({@code <application.id>-<process id>-<thread>}), so the instance that takes over a crashed one's tasks cannot
 * fence it by that id. When the crash (kill -9, a lost node) came after an open transaction had sent its offsets,
 * the new owner's read of the committed offsets waits for that transaction to end, which the broker forces only at
 * {@code transaction.timeout.ms} (5 min here): the partitions stalled that long (seen in ChaosIT). Every check
 * lists the application's ongoing transactions and fences ({@link Admin#fenceProducers}: the epoch is bumped, the
 * transaction aborted) those whose process has no member in the consumer group at two checks in a row. Fencing
 * a producer that is in fact alive costs its task a migration and its batch a redo, never an outcome, so the rule
 * only has to avoid needless fencing; it never fences when it cannot tell the members' processes apart (a custom
 * {@code client.id}).
 */
public final class AbandonedTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedTransactions.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String applicationId;
    private final StreamsClientIds ids;
    private final ScheduledExecutorService checks;
    private final AtomicLong fenced = new AtomicLong();
    /** Transactional ids found abandoned at the last check: fenced if they still are at the next one. */
    private Set<String> suspects = Set.of();
    private boolean warnedUnknownMembers;

    private AbandonedTransactions(Admin admin, String applicationId, Duration every) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.ids = new StreamsClientIds(applicationId);
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bertstream-abandoned-transactions");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts checking every {@code every} with {@code admin}, which stays open when this is closed. */
    public static AbandonedTransactions start(Admin admin, String applicationId, Duration every) {
        return new AbandonedTransactions(admin, applicationId, every);
    }

    /** Transactions this instance fenced since it started. */
    public long fenced() {
        return fenced.get();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                LOG.warn("The broker cannot list transactions (Kafka 3.0+ needed): a crashed instance's open "
                        + "transaction stalls its partitions until transaction.timeout.ms; checks stopped");
                checks.shutdown();
            } else {
                // a broker outage or a rebalance in progress: the next check tries again
                LOG.debug("Check of abandoned transactions failed: {}", e.getCause().toString());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.debug("Check of abandoned transactions timed out");
        }
    }

    private void check() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Collection<TransactionListing> ongoing = admin.listTransactions(new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING))).all().get(CALL_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
        Map<String, String> ours = ids.processesOfTransactions(
                ongoing.stream().map(TransactionListing::transactionalId).toList());
        if (ours.isEmpty()) {
            suspects = Set.of();
            return;
        }
        List<String> clientIds = admin.describeConsumerGroups(List.of(applicationId)).describedGroups()
                .get(applicationId).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).members().stream()
                .map(MemberDescription::clientId).toList();
        Optional<Set<String>> live = ids.processesOf(clientIds);
        if (live.isEmpty()) {
            if (!warnedUnknownMembers) {
                warnedUnknownMembers = true;
                LOG.warn("The members of group {} do not carry Kafka Streams' default client ids ({}-<process id>"
                        + "-...), so a crashed instance's open transaction cannot be told apart: it stalls its "
                        + "partitions until transaction.timeout.ms. Leave client.id unset to avoid that",
                        applicationId, applicationId);
            }
            return;
        }
        Set<String> now = StreamsClientIds.abandoned(ours, live.get());
        Set<String> confirmed = new TreeSet<>(now);
        confirmed.retainAll(suspects);
        if (!confirmed.isEmpty()) {
            admin.fenceProducers(confirmed).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            fenced.addAndGet(confirmed.size());
            LOG.warn("Fenced {} open transaction(s) of instances no longer in group {}: {}. Their work is aborted "
                    + "and done again by the partitions' new owners", confirmed.size(), applicationId, confirmed);
            now.removeAll(confirmed);
        }
        suspects = now;
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
