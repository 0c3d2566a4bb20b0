package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import org.apache.kafka.clients.admin.Admin;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.kafka.KafkaFailures;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static io.bertstream.config.ConfigKeys.*;

/** Creates the service's input and output topics when they are missing, and checks the inputs' partitions. */
public final class Topics {

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    public static List<String> names(BertstreamConfig c) {
        return List.of(c.require(TOPIC_ARTICLES), c.require(TOPIC_QUESTIONS), c.require(TOPIC_SUMMARIES),
                c.require(TOPIC_ANSWERS), c.require(TOPIC_DLQ));
    }

    public static void ensure(BertstreamConfig c, KafkaConnection kafka) {
        try (Admin admin = Admin.create(kafka.admin())) {
            Set<String> existing = admin.listTopics().names().get();
            int partitions = c.getInt(TOPIC_PARTITIONS);
            short replication = (short) c.getInt(REPLICATION_FACTOR);
            List<NewTopic> missing = names(c).stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, Optional.of(partitions),
                            replication < 0 ? Optional.empty() : Optional.of(replication))
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, c.get(MAX_MESSAGE_BYTES))))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).all().get();
            LOG.info("Created topics {} with {} partitions", missing.stream().map(NewTopic::name).toList(), partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(KafkaFailures.describe("Cannot create topics", e), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /**
     * A question is processed by the task of its partition, which holds the articles of the same partition
     * number: with different partition counts most questions would never find their article. Refuses to start.
     */
    public static void requireCopartitioned(BertstreamConfig c, KafkaConnection kafka) {
        String articles = c.require(TOPIC_ARTICLES);
        String questions = c.require(TOPIC_QUESTIONS);
        try (Admin admin = Admin.create(kafka.admin())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(articles, questions))
                    .allTopicNames().get();
            int a = topics.get(articles).partitions().size();
            int q = topics.get(questions).partitions().size();
            if (a != q) {
                throw new IllegalStateException("Topic '" + articles + "' has " + a + " partitions and '" + questions
                        + "' has " + q + ": they must have the same number (a question is answered by the task "
                        + "that holds its article). Repartition one of them; refusing to start");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return; // not created yet (topic.create=false): Kafka Streams waits for them
            }
            throw new IllegalStateException("Cannot describe topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }
}
