package io.bertstream.topology;

import io.bertstream.store.StoredArticles;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.state.ArticleState;
import io.bertstream.state.PendingArticle;
import io.bertstream.summarize.ExtractiveSummarizer;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.summarize.SummarySelection;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Articles in, summaries out: buffers article events, then splits every buffered article into sentences,
 * embeds all their sentences in one encoder call, selects each summary, stores the article with its sentence
 * embeddings (for questions), and forwards the summaries in arrival order. Tombstones delete the article.
 */
public final class ArticleBatchProcessor extends BufferedBatchProcessor<Article, PendingArticle> {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleBatchProcessor.class);

    private final TopologySettings settings;
    private final SentenceEncoder encoder;
    private final Serializer<Article> articleSerializer;
    private KeyValueStore<String, ArticleState> articles;
    /**
     * The sentences and tokens counted when an article was buffered, by its source offset, so the batch neither
     * re-splits nor re-tokenizes it. Memory only: after a restart the batch splits and tokenizes what it lacks.
     */
    private final Map<DeadLetters.Source, Prepared> prepared = new HashMap<>();

    /** An article's sentences and their tokens. */
    private record Prepared(List<Sentence> sentences, TokenizedTexts tokens) {
    }

    public ArticleBatchProcessor(TopologySettings settings, SentenceEncoder encoder,
                                 Serializer<Article> articleSerializer, BatchStats stats, FlowMetrics flow) {
        super(EnrichmentTopology.PENDING_ARTICLES_STORE, settings.articleBatch(), stats, flow);
        this.settings = settings;
        this.encoder = encoder;
        this.articleSerializer = articleSerializer;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        articles = context.getStateStore(EnrichmentTopology.ARTICLES_STORE);
        prepared.clear();
        super.init(context);
    }

    @Override
    protected PendingArticle toEntry(Record<String, Article> record) {
        Article article = record.value();
        DeadLetters.Source source = currentSource();
        PendingArticle.Builder entry = PendingArticle.newBuilder()
                .setKey(record.key() != null ? record.key() : article == null ? "" : article.getId())
                .setTimestamp(record.timestamp())
                .setSourceTopic(source.topic()).setSourcePartition(source.partition())
                .setSourceOffset(source.offset());
        if (article == null) {
            if (record.key() == null) {
                // names no article, so it deletes nothing: dead-lettered rather than dropped without a trace
                deadLetter(entry.setArticle(null).build(), "keyless-tombstone", "a tombstone without a key", null);
                return null;
            }
            return entry.setArticle(null).build();
        }
        Rejection rejection = rejection(record.key(), article);
        if (rejection != null) {
            deadLetter(entry.setArticle(article).build(), rejection.code(), rejection.reason(), null);
            return null;
        }
        Prepared split = prepare(article);
        prepared.put(source, split);
        return entry.setArticle(article).setSentences(split.sentences().size())
                .setTokens(split.tokens().totalTokens()).build();
    }

    /** Why an input goes to the dead-letter topic: a short code and a sentence for people. */
    private record Rejection(String code, String reason) {
    }

    /** Why the article cannot be processed, or null when it can. */
    private Rejection rejection(String key, Article article) {
        if (key != null && !key.equals(article.getId())) {
            return new Rejection("key-mismatch",
                    "the record key '" + key + "' differs from the article id '" + article.getId() + "'");
        }
        if (article.getBody() == null || article.getBody().isBlank()) {
            return new Rejection("empty-body", "the article body is empty");
        }
        int bytes = article.getBody().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.articleMaxBytes()) {
            return new Rejection("too-large", "the article body has " + bytes
                    + " bytes, more than article.max.bytes=" + settings.articleMaxBytes());
        }
        return null;
    }

    @Override
    protected int sentencesOf(PendingArticle entry) {
        return entry.getSentences();
    }

    @Override
    protected int tokensOf(PendingArticle entry) {
        return entry.getTokens();
    }

    /** Splits the article into sentences and tokenizes them, timing both. */
    private Prepared prepare(Article article) {
        long started = System.nanoTime();
        List<Sentence> sentences = SentenceSplitter.split(article.getBody());
        long split = stats().recordStage(BatchStats.Stage.SPLIT, started);
        TokenizedTexts tokens = encoder.tokenize(texts(sentences));
        stats().recordStage(BatchStats.Stage.TOKENIZE, split);
        return new Prepared(sentences, tokens);
    }

    /** What was prepared when the entry was buffered, or prepared now (after a restart). */
    private Prepared preparedFor(PendingArticle entry) {
        if (entry.getArticle() == null) {
            return new Prepared(List.of(), encoder.tokenize(List.of()));
        }
        Prepared kept = prepared.remove(new DeadLetters.Source(entry.getSourceTopic(), entry.getSourcePartition(),
                entry.getSourceOffset()));
        return kept != null ? kept : prepare(entry.getArticle());
    }

    @Override
    protected List<String> processBatch(List<KeyValue<String, PendingArticle>> entries) {
        long started = System.nanoTime();
        List<List<Sentence>> sentences = new ArrayList<>(entries.size());
        List<TokenizedTexts> tokens = new ArrayList<>(entries.size());
        for (KeyValue<String, PendingArticle> e : entries) {
            Prepared p = preparedFor(e.value);
            sentences.add(p.sentences());
            tokens.add(p.tokens());
        }
        TokenizedTexts texts = TokenizedTexts.concat(tokens);
        float[][] embeddings;
        try {
            long encoding = System.nanoTime();
            embeddings = encoder.encode(texts);
            stats().recordStage(BatchStats.Stage.MODEL, encoding);
        } catch (RuntimeException e) {
            LOG.error("The encoder failed on a batch of {} articles; they go to the dead-letter topic", entries.size(), e);
            embeddings = null;
        }
        int offset = 0;
        for (int i = 0; i < entries.size(); i++) {
            PendingArticle entry = entries.get(i).value;
            int n = sentences.get(i).size();
            if (entry.getArticle() == null) {
                delete(entry);
            } else if (embeddings == null) {
                deadLetter(entry, "model-failure", "the encoder failed on the article's batch", null);
            } else {
                float[][] own = java.util.Arrays.copyOfRange(embeddings, offset, offset + n);
                summarize(entry, sentences.get(i), own);
            }
            offset += n;
        }
        prepared.clear(); // the batch is the whole buffer, so nothing kept belongs to a buffered entry any more
        LOG.debug("Summarised a batch of {} articles, {} sentences, in {} ms", entries.size(), texts.size(),
                (System.nanoTime() - started) / 1_000_000);
        return entries.stream().map(e -> e.key).collect(Collectors.toList());
    }

    private void summarize(PendingArticle entry, List<Sentence> sentences, float[][] embeddings) {
        Article article = entry.getArticle();
        try {
            SummaryConfig config = SummaryOptionsMapping.resolve(settings.summaryDefaults(),
                    article.getSummaryOptions());
            long started = System.nanoTime();
            SummarySelection selection = ExtractiveSummarizer.select(sentences, embeddings, config);
            long clustered = stats().recordStage(BatchStats.Stage.CLUSTER, started);
            long now = context.currentSystemTimeMs();
            Summary summary = toSummary(article, selection, config, sentences.size(), now);
            articles.put(entry.getKey(), StoredArticles.of(article, sentences, embeddings, summary, now));
            long stored = stats().recordStage(BatchStats.Stage.STORE, clustered);
            emit(new Record<>(entry.getKey(), summary, entry.getTimestamp()), EnrichmentTopology.SUMMARIES_SINK,
                    settings.summariesTopic());
            stats().recordStage(BatchStats.Stage.FORWARD, stored);
        } catch (RuntimeException e) {
            LOG.error("Cannot summarise article {}", article.getId(), e);
            deadLetter(entry, "summary-failure", "cannot summarise the article: " + e.getMessage(), e);
        }
    }

    private Summary toSummary(Article article, SummarySelection selection, SummaryConfig config, int sentenceCount,
                              long now) {
        List<SummarySentence> chosen = selection.chosen().stream()
                .map(s -> new SummarySentence(s.index(), s.text(), s.start(), s.end()))
                .toList();
        return Summary.newBuilder()
                .setArticleId(article.getId())
                .setSummary(chosen.stream().map(SummarySentence::getText).collect(Collectors.joining(" ")))
                .setSentences(chosen)
                .setModel(encoder.name())
                .setCreatedAt(Instant.ofEpochMilli(now))
                .setOptions(SummaryOptionsMapping.toEvent(config))
                .setK(selection.k())
                .setCandidateCount(selection.candidateCount())
                .setSentenceCount(sentenceCount)
                .build();
    }

    /** A tombstone: forget the article (keeping a marker) and delete its summary downstream. */
    private void delete(PendingArticle entry) {
        articles.put(entry.getKey(), StoredArticles.deleted(entry.getKey(), context.currentSystemTimeMs()));
        emit(new Record<>(entry.getKey(), null, entry.getTimestamp()), EnrichmentTopology.SUMMARIES_SINK,
                settings.summariesTopic());
    }

    private void deadLetter(PendingArticle entry, String code, String reason, Throwable error) {
        LOG.warn("Article {} to the dead-letter topic: {}", entry.getKey(), reason);
        DeadLetters.Source source = new DeadLetters.Source(entry.getSourceTopic(), entry.getSourcePartition(),
                entry.getSourceOffset());
        byte[] value = articleSerializer.serialize(entry.getSourceTopic(), entry.getArticle());
        emitDeadLetter(DeadLetters.record(entry.getKey(), value, entry.getTimestamp(), source, code, reason, error),
                settings.dlqTopic());
    }

    private static List<String> texts(List<Sentence> sentences) {
        return sentences.stream().map(Sentence::text).toList();
    }
}
