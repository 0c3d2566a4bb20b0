package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.state.ArticleState;
import io.bertstream.state.PendingArticle;
import io.bertstream.store.StateSerde;
import io.bertstream.store.StoredArticles;
import io.bertstream.summarize.ExtractiveSummarizer;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.summarize.SummarySelection;
import io.bertstream.text.Sentence;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import io.bertstream.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Articles in, summaries out: checks each article against the budgets before any work, buffers it, then splits
 * every buffered article into sentences, embeds all their sentences in one encoder call, selects each summary,
 * and forwards the summaries in arrival order, each followed by the article's state (with its sentence
 * embeddings, for questions). Tombstones delete the article.
 */
public final class ArticleBatchProcessor extends BufferedBatchProcessor<Article, PendingArticle> {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleBatchProcessor.class);
    /** A batch with more sentences is logged when it starts: it holds the stream thread for a while. */
    private static final int LONG_BATCH_SENTENCES = 1_000;

    private final TopologySettings settings;
    private final SentenceEncoder encoder;
    private final Serializer<Summary> summarySerializer;
    private final Serializer<ArticleState> stateSerializer = new StateSerde<>(ArticleState.class).serializer();
    private final ProductionRejections rejections;
    private final StoreRecordLimit<PendingArticle> pendingLimit;
    private final PreparedArticles prepared;
    private ArticleStateStores stores;

    public ArticleBatchProcessor(TopologySettings settings, SentenceEncoder encoder,
                                 Deserializer<Article> articleDeserializer, Serializer<Summary> summarySerializer,
                                 BatchStats stats, FlowMetrics flow, ProductionRejections rejections,
                                 SlowInputs slow) {
        super(EnrichmentTopology.PENDING_ARTICLES_STORE, settings, settings.articleBatch(), articleDeserializer,
                stats, flow, rejections, slow);
        this.rejections = rejections;
        this.settings = settings;
        this.encoder = encoder;
        this.summarySerializer = summarySerializer;
        this.pendingLimit = new StoreRecordLimit<>(EnrichmentTopology.PENDING_ARTICLES_STORE,
                new StateSerde<>(PendingArticle.class).serializer(), settings.maxRecordBytes());
        this.prepared = new PreparedArticles(encoder, stats);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        stores = new ArticleStateStores(context, settings);
        super.init(context);
        context.schedule(settings.expiry().check(), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /** Retention: one bounded slice of what is due (see {@link ArticleExpiry}). */
    private void expire(long now) {
        ArticleExpiry.Slice slice = stores.expireDue(now);
        if (slice.expiredArticles() + slice.removedMarkers() > 0) {
            LOG.debug("Retention: {} articles expired, {} markers removed", slice.expiredArticles(),
                    slice.removedMarkers());
        }
    }

    @Override
    protected String deadLetterTopic() {
        return settings.dlqTopic();
    }

    @Override
    protected PendingArticle toEntry(Input<Article> input) {
        Article article = input.value();
        if (input.key() == null) {
            // a keyless record lands on a round-robin partition, where its questions (keyed by id) never look
            reject(input, article == null ? "keyless-tombstone" : "missing-key", article == null
                    ? "a tombstone without a key" : "an article without a record key (it must be the article id)");
            return null;
        }
        PendingArticle.Builder entry = PendingArticle.newBuilder()
                .setKey(input.key())
                .setTimestamp(input.timestamp())
                .setSourceTopic(input.source().topic()).setSourcePartition(input.source().partition())
                .setSourceOffset(input.source().offset())
                .setSourceValue(input.rawValue() == null ? null : ByteBuffer.wrap(input.rawValue()));
        if (article == null) {
            return entry.setArticle(null).build();
        }
        ArticleBudget.Verdict verdict = settings.articleBudget().check(input.key(), article, encoder,
                settings.summaryDefaults());
        if (verdict.rejection() != null) {
            reject(input, verdict.rejection().code(), verdict.rejection().reason());
            return null;
        }
        prepared.keep(input.source(), verdict.sentences(), verdict.tokens());
        return entry.setArticle(article).setSentences(verdict.sentences().size())
                .setTokens(verdict.tokens().totalTokens()).build();
    }

    @Override
    protected String oversized(PendingArticle entry) {
        return pendingLimit.excess(BUFFER_KEY_BYTES, entry, "the article, buffered as read and as decoded,");
    }

    @Override
    protected int sentencesOf(PendingArticle entry) {
        return entry.getSentences();
    }

    @Override
    protected int tokensOf(PendingArticle entry) {
        return entry.getTokens();
    }

    @Override
    protected List<Outcome> processBatch(List<KeyValue<String, PendingArticle>> entries) {
        long started = System.nanoTime();
        List<PreparedArticles.Prepared> articles = new ArrayList<>(entries.size());
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PendingArticle entry = entries.get(i).value;
            articles.add(entry.getArticle() == null ? null
                    : prepared.take(sourceOf(entry), entry.getArticle().getBody()));
            if (entry.getArticle() != null) {
                live.add(i);
            }
        }
        List<List<Sentence>> sentences = articles.stream().map(p -> p == null ? List.<Sentence>of() : p.sentences())
                .toList();
        int total = sentences.stream().mapToInt(List::size).sum();
        if (total > LONG_BATCH_SENTENCES) {
            LOG.info("Embedding a long batch: {} sentences of {} articles", total, entries.size());
        }
        List<float[][]> embeddings = PerItemFallback.apply(live, batch -> encode(batch, articles));
        List<Outcome> outcomes = new ArrayList<>(entries.size());
        for (int i = 0, next = 0; i < entries.size(); i++) {
            PendingArticle entry = entries.get(i).value;
            if (entry.getArticle() == null) {
                outcomes.add(deletion(entry));
            } else {
                float[][] own = embeddings.get(next++);
                outcomes.add(own == null
                        ? deadLetter(entry, "model-failure", "the encoder failed on the article", null)
                        : summary(entry, sentences.get(i), own));
            }
        }
        LOG.debug("Summarised a batch of {} articles in {} ms", entries.size(), (System.nanoTime() - started) / 1_000_000);
        return outcomes;
    }

    @Override
    protected void afterFlush() {
        if (bufferIsEmpty()) {
            prepared.clear(); // nothing kept belongs to a buffered entry any more (refused ones never took theirs)
        }
    }

    /** One encoder call for the sentences of the articles at these indices; the rows split back per article. */
    private List<float[][]> encode(List<Integer> indices, List<PreparedArticles.Prepared> articles) {
        long started = System.nanoTime();
        float[][] rows = encoder.encode(TokenizedTexts.concat(indices.stream().map(i -> articles.get(i).tokens()).toList()));
        stats().recordStage(BatchStats.Stage.MODEL, started);
        List<float[][]> perArticle = new ArrayList<>(indices.size());
        int offset = 0;
        for (int i : indices) {
            int n = articles.get(i).sentences().size();
            perArticle.add(Arrays.copyOfRange(rows, offset, offset + n));
            offset += n;
        }
        return perArticle;
    }

    private Outcome summary(PendingArticle entry, List<Sentence> sentences, float[][] embeddings) {
        Article article = entry.getArticle();
        try {
            SummaryConfig config = SummaryOptionsMapping.resolve(settings.summaryDefaults(),
                    article.getSummaryOptions());
            long clustering = System.nanoTime();
            SummarySelection selection = ExtractiveSummarizer.select(sentences, embeddings, config);
            stats().recordStage(BatchStats.Stage.CLUSTER, clustering);
            long now = context.currentSystemTimeMs();
            Summary summary = SummaryEvents.of(article, selection, config, sentences.size(), encoder.name(), now);
            ArticleState state = StoredArticles.of(article, sentences, embeddings, summary, encoder.name(), now);
            int stateBytes = stateSerializer.serialize(EnrichmentTopology.ARTICLES_STORE, state).length;
            if (stateBytes > settings.maxRecordBytes()) {
                return deadLetter(entry, "state-too-large", "the article's state would have " + stateBytes
                        + " bytes, more than the " + settings.maxRecordBytes() + " a changelog record may have", null);
            }
            return Outcome.of(output(EnrichmentTopology.SUMMARIES_SINK, settings.summariesTopic(), entry.getKey(),
                    summary, summarySerializer, entry.getTimestamp()), () -> stores.store(entry.getKey(), state));
        } catch (TransientFailure e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Cannot summarise article {}", LogText.escape(article.getId()), e);
            return deadLetter(entry, "summary-failure", "cannot summarise the article: " + e.getMessage(), e);
        }
    }

    /** The summary event of a selection ({@link SummaryEvents#of}): kept for {@code bench.CostBench}, which calls it. */
    public static Summary toSummary(Article article, SummarySelection selection, SummaryConfig config,
                                    int sentenceCount, String model, long now) {
        return SummaryEvents.of(article, selection, config, sentenceCount, model, now);
    }

    /** A tombstone: delete the summary downstream, then forget the article (keeping a marker). */
    private Outcome deletion(PendingArticle entry) {
        long now = context.currentSystemTimeMs();
        return Outcome.of(output(EnrichmentTopology.SUMMARIES_SINK, settings.summariesTopic(), entry.getKey(), null,
                summarySerializer, entry.getTimestamp()),
                () -> stores.store(entry.getKey(), StoredArticles.deleted(entry.getKey(), now)));
    }

    private Outcome deadLetter(PendingArticle entry, String code, String reason, Throwable error) {
        return Outcome.of(deadLetter(entry.getKey().getBytes(StandardCharsets.UTF_8), bytes(entry.getSourceValue()),
                entry.getTimestamp(), sourceOf(entry), code, reason, error));
    }

    @Override
    protected DeadLetters.Source sourceOf(PendingArticle entry) {
        return new DeadLetters.Source(entry.getSourceTopic(), entry.getSourcePartition(), entry.getSourceOffset());
    }

    @Override
    protected Outcome.Emission deadLetterOf(PendingArticle entry, String code, String reason) {
        return deadLetter(entry, code, reason, null).emissions().get(0);
    }

    @Override
    protected ProductionRejections.Refusal refusedState(PendingArticle entry) {
        return entry.getArticle() == null ? null : rejections.claimArticleState(entry.getKey(), sourceOf(entry));
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
