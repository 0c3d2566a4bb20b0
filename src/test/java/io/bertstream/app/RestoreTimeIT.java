package io.bertstream.app;

import io.bertstream.broker.EmbeddedKafkaBroker;
import io.bertstream.broker.ServiceTopics;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.qa.SentenceSimilarityAnswerer;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StateSerde;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import io.bertstream.topology.EnrichmentTopology;
import io.bertstream.topology.TopologySettings;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a thread failure costs under exactly_once_v2: the failed thread's stores are wiped and restored from their
 * changelogs. This measures the restore of an {@code articles} store of {@code -Drestore.articles} (20,000)
 * articles in one task: SQuAD paragraphs (dev set, cycled under new ids), split by the service's splitter, with
 * one int8 embedding of the model's dimension per sentence (random unit vectors: the size of real ones, without
 * a model run per article) and no summary. It prints the figures; it asserts only that every record was restored.
 */
class RestoreTimeIT {

    private static final String APP = "restore-it";
    private static final Path SQUAD = Path.of("..", "shared", "data", "squad-v1.1-dev.json");

    @TempDir
    Path state;

    @Test
    void measuresTheRestoreOfARealisticArticlesStore() throws Exception {
        Assumptions.assumeTrue(Files.exists(SQUAD), "needs " + SQUAD);
        int n = Integer.getInteger("restore.articles", 20_000);
        List<String> contexts = SquadDataset.load(SQUAD).articles().stream()
                .flatMap(a -> a.paragraphs().stream()).map(SquadDataset.Paragraph::context).toList();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
             OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1))) {
            String changelog = APP + "-" + EnrichmentTopology.ARTICLES_STORE + "-changelog";
            ServiceTopics.create(broker, 1, new NewTopic(changelog, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "max.message.bytes", "16777216")));
            long bytes = writeStates(broker, changelog, contexts, n, encoder.dimension(), encoder.name());

            BertstreamConfig config = BertstreamConfig.of(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "application.id", APP, "schema.registry.url", "mock://restore-it"));
            var topology = EnrichmentTopology.build(TopologySettings.from(config),
                    EventSerdeFactory.fromConfig(config), new EnrichmentTopology.Engines(encoder,
                            new SentenceSimilarityAnswerer(encoder, 2)), EnrichmentTopology.Stats.create());
            var props = StreamsProperties.from(config, KafkaConnection.plaintext(broker.bootstrapServers()));
            props.put("state.dir", state.toString());
            AtomicLong restored = new AtomicLong();
            CountDownLatch running = new CountDownLatch(1);
            try (KafkaStreams streams = new KafkaStreams(topology, props)) {
                streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                    @Override
                    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                    }

                    @Override
                    public void onBatchRestored(TopicPartition partition, String store, long end, long count) {
                    }

                    @Override
                    public void onRestoreEnd(TopicPartition partition, String store, long total) {
                        if (store.equals(EnrichmentTopology.ARTICLES_STORE)) {
                            restored.addAndGet(total);
                        }
                    }
                });
                streams.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        running.countDown();
                    }
                });
                long started = System.nanoTime();
                streams.start();
                assertTrue(running.await(30, TimeUnit.MINUTES));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("RestoreTimeIT: %,d articles, %.1f MB of changelog restored in %.1f s from start "
                                + "to RUNNING (%,.0f articles/s, %.1f MB/s)%n", n, bytes / 1e6, seconds, n / seconds,
                        bytes / 1e6 / seconds);
                assertEquals(n, restored.get(), "every article restored");
            }
        }
    }

    /** Writes n article states (as the service stores them) to the changelog; returns their bytes. */
    private static long writeStates(EmbeddedKafkaBroker broker, String changelog, List<String> contexts, int n,
                                    int dimension, String model) throws Exception {
        StateSerde<ArticleState> serde = new StateSerde<>(ArticleState.class);
        Random random = new Random(20);
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String id = "squad-" + i;
                String body = contexts.get(i % contexts.size());
                List<Sentence> sentences = SentenceSplitter.split(body);
                float[][] embeddings = new float[sentences.size()][dimension];
                for (float[] row : embeddings) {
                    double norm = 0;
                    for (int d = 0; d < dimension; d++) {
                        row[d] = (float) random.nextGaussian();
                        norm += row[d] * row[d];
                    }
                    for (int d = 0; d < dimension; d++) {
                        row[d] /= (float) Math.sqrt(norm);
                    }
                }
                ArticleState articleState = StoredArticles.of(Article.newBuilder().setId(id).setBody(body).build(),
                        sentences, embeddings, null, model, 1L);
                byte[] value = serde.serializer().serialize(changelog, articleState);
                bytes += value.length;
                producer.send(new ProducerRecord<>(changelog, 0, id, value));
            }
            producer.flush();
        }
        return bytes;
    }
}
