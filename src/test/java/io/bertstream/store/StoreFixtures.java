package io.bertstream.store;

import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import io.bertstream.state.ArticleState;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.text.Sentence;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/** Real RocksDB stores outside a topology, and stored articles to fill them with. */
final class StoreFixtures {

    static final int SENTENCES = 8;
    /** Smaller than MiniLM's 384, so 100,000 stored articles fill quickly on a shared machine. */
    static final int DIMENSION = 32;

    private StoreFixtures() {
    }

    /** A processor context whose stores live in {@code stateDir}. */
    static MockProcessorContext<Object, Object> context(Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-fixtures");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
    }

    static <V extends SpecificRecord> KeyValueStore<String, V> store(
            String name, Class<V> type, MockProcessorContext<Object, Object> context) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), new StateSerde<>(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** An article of {@value #SENTENCES} sentences with embeddings and a 3-sentence summary made at {@code at}. */
    static ArticleState state(String id, long at, Random random) {
        StringBuilder body = new StringBuilder();
        List<Sentence> sentences = new ArrayList<>();
        for (int s = 0; s < SENTENCES; s++) {
            String text = "Sentence " + s + " of " + id + " tells what the council decided about the old bridge.";
            sentences.add(new Sentence(s, body.length(), body.length() + text.length(), text));
            body.append(text).append(' ');
        }
        float[][] embeddings = new float[SENTENCES][DIMENSION];
        for (float[] row : embeddings) {
            for (int d = 0; d < DIMENSION; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        List<SummarySentence> chosen = sentences.subList(0, 3).stream()
                .map(s -> new SummarySentence(s.index(), s.text(), s.start(), s.end())).toList();
        Article article = Article.newBuilder().setId(id).setTitle("Title of " + id).setBody(body.toString()).build();
        Summary summary = Summary.newBuilder().setArticleId(id).setSummary("").setSentences(chosen).setModel("m")
                .setCreatedAt(Instant.ofEpochMilli(at)).setOptions(SummaryOptionsMapping.toEvent(
                        SummaryConfig.defaults()))
                .setK(2).setCandidateCount(SENTENCES).setSentenceCount(SENTENCES).build();
        return StoredArticles.of(article, sentences, embeddings, summary, "m", at);
    }

}
