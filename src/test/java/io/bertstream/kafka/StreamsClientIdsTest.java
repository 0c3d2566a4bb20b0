package io.bertstream.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamsClientIdsTest {

    private static final String LIVE = "0b9c2d6e-3f41-4a5b-8c7d-112233445566";
    private static final String GONE = "7e1f0a2b-9c8d-4e3f-a1b2-c3d4e5f60718";
    private final StreamsClientIds ids = new StreamsClientIds("bert.stream");

    @Test
    void aTransactionIsAbandonedWhenItsProcessHasNoMemberInTheGroup() {
        Optional<Set<String>> live = ids.processesOf(List.of(
                "bert.stream-" + LIVE + "-StreamThread-1-consumer", "bert.stream-" + LIVE + "-StreamThread-2-consumer"));
        assertEquals(Optional.of(Set.of(LIVE)), live);
        Map<String, String> ours = ids.processesOfTransactions(List.of("bert.stream-" + LIVE + "-1",
                "bert.stream-" + GONE + "-1", "bert.stream-" + GONE + "-2", "other-app-" + GONE + "-1"));
        assertEquals(Set.of("bert.stream-" + GONE + "-1", "bert.stream-" + GONE + "-2"),
                StreamsClientIds.abandoned(ours, live.get()));
    }

    @Test
    void onlyTheApplicationsOwnStreamThreadIdsCount() {
        // the application id is a literal, not a pattern; other applications and hand-made ids are not ours
        assertEquals(Map.of("bert.stream-" + GONE + "-3", GONE), ids.processesOfTransactions(List.of(
                "bert.stream-" + GONE + "-3", "bertXstream-" + GONE + "-3", "bert.stream-producer-1",
                "bert.stream-" + GONE + "-3-extra")));
    }

    @Test
    void membersWithoutTheDefaultClientIdsMeanNothingCanBeToldApart() {
        // client.id set by hand: the members' process ids are unknown, so no transaction may be called abandoned
        assertEquals(Optional.empty(), ids.processesOf(List.of("bert.stream-" + LIVE + "-StreamThread-1-consumer",
                "my-client-StreamThread-1-consumer")));
        assertEquals(Optional.of(Set.of()), ids.processesOf(List.of()));
    }
}
