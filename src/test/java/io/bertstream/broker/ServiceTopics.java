package io.bertstream.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Creates the service's topics (default names) by hand, before a real-broker test starts the service. */
public final class ServiceTopics {

    private ServiceTopics() {
    }

    /** The five topics with {@code partitions} partitions each, plus {@code extra} topics. */
    public static void create(EmbeddedKafkaBroker broker, int partitions, NewTopic... extra) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>(Stream.of("articles", "questions", "summaries", "answers",
                    "enrichment-dlq").map(name -> new NewTopic(name, partitions, (short) 1)).toList());
            topics.addAll(List.of(extra));
            admin.createTopics(topics).all().get();
        }
    }
}
