package io.bertstream.topology;

import io.bertstream.app.EventSerdeFactory;
import io.bertstream.app.StreamsProperties;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.SentenceSimilarityAnswerer;
import io.bertstream.serde.EventSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * The topology in a TopologyTestDriver with the Streams properties the service itself uses
 * ({@link StreamsProperties}: exactly_once_v2, the exception handlers, the dead-letter topic), real RocksDB stores
 * in {@code stateDir}, and the given encoder.
 */
final class TopologyHarness implements AutoCloseable {

    final BertstreamConfig config;
    final EnrichmentTopology.Stats stats = EnrichmentTopology.Stats.create();
    final TopologyTestDriver driver;
    final TestInputTopic<String, Article> articles;
    final TestInputTopic<String, Question> questions;
    final TestInputTopic<byte[], byte[]> rawArticles;
    final TestOutputTopic<String, Summary> summaries;
    final TestOutputTopic<String, Answer> answers;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    TopologyHarness(Path stateDir, SentenceEncoder encoder, Map<String, String> overrides) {
        config = BertstreamConfig.of(Map.of("schema.registry.url", "mock://topology-test",
                "questions.pending.ttl.ms", "5000", "questions.pending.check.ms", "1000")).with(overrides);
        EventSerdes serdes = EventSerdeFactory.fromConfig(config);
        var topology = EnrichmentTopology.build(TopologySettings.from(config), serdes,
                new EnrichmentTopology.Engines(encoder, new SentenceSimilarityAnswerer(encoder, 2)), stats);
        Properties props = StreamsProperties.from(config, io.bertstream.kafka.KafkaConnection.plaintext("unused:9092"));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(1_000_000));
        articles = driver.createInputTopic("articles", new StringSerializer(), serdes.article().serializer());
        questions = driver.createInputTopic("questions", new StringSerializer(), serdes.question().serializer());
        rawArticles = driver.createInputTopic("articles", new ByteArraySerializer(), new ByteArraySerializer());
        summaries = driver.createOutputTopic("summaries", new StringDeserializer(), serdes.summary().deserializer());
        answers = driver.createOutputTopic("answers", new StringDeserializer(), serdes.answer().deserializer());
        deadLetters = driver.createOutputTopic("enrichment-dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
