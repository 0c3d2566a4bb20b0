package io.bertstream.kafka;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Kafka Streams names an application's clients when {@code client.id} is left unset: a stream thread's
 * transactional id is {@code <application.id>-<process id>-<thread index>} (exactly_once_v2) and its consumer's
 * client id {@code <application.id>-<process id>-StreamThread-<n>-consumer}. The process id tells which
 * instance a transaction belongs to and whether that instance is still in the group.
 */
final class StreamsClientIds {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final Pattern transactionalId;
    private final Pattern memberClientId;

    StreamsClientIds(String applicationId) {
        this.transactionalId = Pattern.compile(Pattern.quote(applicationId) + "-(" + UUID + ")-\\d+");
        this.memberClientId = Pattern.compile(Pattern.quote(applicationId) + "-(" + UUID + ")-.+");
    }

    /** Of these transactional ids, the application's stream threads' ones, each with its process id. */
    Map<String, String> processesOfTransactions(Collection<String> transactionalIds) {
        Map<String, String> processes = new TreeMap<>();
        for (String id : transactionalIds) {
            Matcher m = transactionalId.matcher(id);
            if (m.matches()) {
                processes.put(id, m.group(1));
            }
        }
        return processes;
    }

    /** The process ids in the group members' client ids; empty when a member's client id carries none. */
    Optional<Set<String>> processesOf(Collection<String> memberClientIds) {
        Set<String> processes = new HashSet<>();
        for (String clientId : memberClientIds) {
            Matcher m = memberClientId.matcher(clientId);
            if (!m.matches()) {
                return Optional.empty();
            }
            processes.add(m.group(1));
        }
        return Optional.of(processes);
    }

    /**
     * Of the application's transactions ({@link #processesOfTransactions}: id to process), the ids of those whose
     * process is not in {@code liveProcesses}.
     */
    static Set<String> abandoned(Map<String, String> processOfTransaction, Set<String> liveProcesses) {
        Set<String> result = new TreeSet<>();
        processOfTransaction.forEach((id, process) -> {
            if (!liveProcesses.contains(process)) {
                result.add(id);
            }
        });
        return result;
    }
}
