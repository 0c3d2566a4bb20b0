package io.bertstream.app;

import io.bertstream.kafka.KafkaConnection;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.config.BertstreamConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service refuses to start when articles and questions differ in partitions (on a real broker). */
class CopartitionIT {

    @Test
    void differentPartitionCountsStopTheStartWithAClearMessage() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("a2", Optional.of(2), Optional.empty()),
                    new NewTopic("q3", Optional.of(3), Optional.empty()),
                    new NewTopic("q2", Optional.of(2), Optional.empty()))).all().get();

            BertstreamConfig mismatched = BertstreamConfig.of(Map.of("topic.articles", "a2", "topic.questions", "q3"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Topics.requireCopartitioned(mismatched, KafkaConnection.plaintext(broker.bootstrapServers())));
            assertTrue(e.getMessage().contains("'a2' has 2 partitions and 'q3' has 3"), e.getMessage());

            BertstreamConfig matched = BertstreamConfig.of(Map.of("topic.articles", "a2", "topic.questions", "q2"));
            assertDoesNotThrow(() -> Topics.requireCopartitioned(matched, KafkaConnection.plaintext(broker.bootstrapServers())));
        }
    }
}
