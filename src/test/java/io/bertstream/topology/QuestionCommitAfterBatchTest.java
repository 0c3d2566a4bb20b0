package io.bertstream.topology;

import io.bertstream.app.EventSerdeFactory;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Question;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.SentenceSimilarityAnswerer;
import io.bertstream.serde.EventSerdes;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.state.PendingQuestion;
import io.bertstream.store.StateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code questions.commit.after.batch}: a question batch asks Kafka Streams for a commit as soon as its answers
 * are out (under exactly_once_v2 they are invisible until then; the default), and switched off it leaves the commit to
 * {@code commit.interval.ms}.
 */
class QuestionCommitAfterBatchTest {

    private static OnnxSentenceEncoder encoder;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void loadEncoder() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    @Test
    void aQuestionBatchRequestsACommitWhenAsked() {
        MockProcessorContext<Object, Object> context = answerOne(true);
        assertEquals(1, answers(context).size());
        assertTrue(context.committed(), "the batch's answers should be committed at once");
    }

    @Test
    void switchedOffTheCommitIsLeftToTheInterval() {
        MockProcessorContext<Object, Object> context = answerOne(false);
        assertEquals(1, answers(context).size());
        assertFalse(context.committed());
    }

    /** One question (batches of one) about an article never stored, answered ARTICLE_NOT_FOUND at once (TTL 0). */
    private MockProcessorContext<Object, Object> answerOne(boolean commitAfterBatch) {
        BertstreamConfig config = BertstreamConfig.of(Map.of(INFERENCE_BATCH_SIZE, "1",
                QUESTIONS_PENDING_TTL_MS, "0", QUESTIONS_COMMIT_AFTER_BATCH, String.valueOf(commitAfterBatch)));
        EventSerdes serdes = EventSerdeFactory.fromConfig(config);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                stateDir.resolve(String.valueOf(commitAfterBatch)).toFile());
        context.setCurrentSystemTimeMs(1_000);
        context.addStateStore(store(context, EnrichmentTopology.PENDING_QUESTIONS_STORE, PendingQuestion.class));
        context.addStateStore(store(context, EnrichmentTopology.WAITING_QUESTIONS_STORE, PendingQuestion.class));
        context.addStateStore(store(context, EnrichmentTopology.ARTICLES_STORE, ArticleState.class));
        context.addStateStore(store(context, EnrichmentTopology.EXPIRED_ARTICLES_STORE, ExpiredArticle.class));
        TopologySettings settings = TopologySettings.from(config);
        QuestionBatchProcessor processor = new QuestionBatchProcessor(settings,
                new EnrichmentTopology.Engines(encoder, new SentenceSimilarityAnswerer(encoder, 1)),
                serdes.question().deserializer(), serdes.answer().serializer(), new BatchStats(), FlowMetrics.NONE,
                new ProductionRejections(), new SlowInputs(settings.batchBudget()));
        processor.init(context);
        context.setRecordMetadata("questions", 0, 0);
        Question question = Question.newBuilder().setQuestionId("q1").setArticleId("a1")
                .setQuestion("Who will do the work?").setAskedAt(Instant.EPOCH).build();
        processor.process(new Record<>("a1".getBytes(StandardCharsets.UTF_8),
                serdes.question().serializer().serialize("questions", question), 0L));
        return context;
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> KeyValueStore<String, V> store(
            MockProcessorContext<Object, Object> context, String name, Class<V> type) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), new StateSerde<>(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static List<?> answers(MockProcessorContext<Object, Object> context) {
        return context.forwarded().stream().filter(f -> f.childName().orElseThrow()
                .equals(EnrichmentTopology.ANSWERS_SINK)).toList();
    }
}
