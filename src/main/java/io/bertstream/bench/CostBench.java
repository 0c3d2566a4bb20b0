package io.bertstream.bench;

import io.bertstream.app.EventSerdeFactory;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.serde.EventSerdes;
import io.bertstream.state.ArticleState;
import io.bertstream.state.PendingArticle;
import io.bertstream.store.StateSerde;
import io.bertstream.store.StoredArticles;
import io.bertstream.summarize.ExtractiveSummarizer;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.summarize.SummarySelection;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import io.bertstream.topology.ArticleBatchProcessor;
import io.bertstream.topology.ArticleExpiry;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.SCHEMA_REGISTRY_URL;

/**
 * What one article and one question cost: process CPU-seconds (every thread: ONNX Runtime's pool and GC too) of
 * the per-article path of the service (split, tokenize, embed, cluster, build and serialize the stored state) by
 * article length, and of answering; the bytes of the stored state; the bytes each article writes to the
 * changelogs (the buffered input, its deletion, the state and the retention index entry; keys and values, without
 * Kafka's batch framing). One pass after a warm-up: CPU time, unlike wall time, does not count other work on a
 * shared machine (it does count the caches that work spoils).
 */
final class CostBench {

    static final int[] LENGTHS = {10, 50, 200, 1000};
    /** About this many sentences of work per length, so each figure is a mean over several articles. */
    private static final int SENTENCES_PER_LENGTH = 2000;
    private static final int QUESTIONS = 40;
    /** The article length whose state seeds the restore and fail-over measurements. */
    static final int STORED_LENGTH = 50;

    private final BertstreamConfig config;
    private final List<String> sentences;
    private final BenchReport report;
    private final StateSerde<ArticleState> states = new StateSerde<>(ArticleState.class);
    private final StateSerde<PendingArticle> pending = new StateSerde<>(PendingArticle.class);
    private ArticleState stored;

    CostBench(BertstreamConfig config, List<String> sentences, BenchReport report) {
        this.config = config;
        this.sentences = sentences;
        this.report = report;
    }

    /** Measures every length and the questions; returns the state of a {@value STORED_LENGTH}-sentence article. */
    ArticleState run() throws Exception {
        EventSerdes serdes = EventSerdeFactory.fromConfig(config.with(Map.of(SCHEMA_REGISTRY_URL, "mock://bench-costs")));
        SummaryConfig summary = SummaryOptionsMapping.defaultsFrom(config);
        double[] stateBytes = new double[LENGTHS.length];
        double[] sentenceCounts = new double[LENGTHS.length];
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config);
             ArticleAnswerer answerer = AnswererFactory.create(config, encoder)) {
            state(encoder, summary, article(STORED_LENGTH, 0)); // warm-up
            for (int l = 0; l < LENGTHS.length; l++) {
                int length = LENGTHS[l];
                int count = Math.max(2, SENTENCES_PER_LENGTH / length);
                List<Article> articles = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    articles.add(article(length, i));
                }
                long cpu = processCpuNanos();
                List<ArticleState> built = articles.stream().map(a -> state(encoder, summary, a)).toList();
                double cpuPerArticle = (processCpuNanos() - cpu) / 1e9 / count;
                stateBytes[l] = built.stream().mapToInt(s -> states.serializer().serialize("", s).length).average()
                        .orElse(0);
                sentenceCounts[l] = built.stream().mapToInt(s -> s.getSentenceStarts().size()).average().orElse(0);
                double changelog = articles.stream().mapToLong(a -> changelogBytes(a, serdes)).average().orElse(0)
                        + stateBytes[l];
                report.put("cost_cpu_s_per_article_" + length, cpuPerArticle)
                        .put("cost_state_bytes_per_article_" + length, stateBytes[l])
                        .put("cost_changelog_bytes_per_article_" + length, changelog);
                if (length == STORED_LENGTH) {
                    stored = built.get(0);
                }
            }
            int last = LENGTHS.length - 1;
            report.put("cost_state_bytes_per_sentence",
                    (stateBytes[last] - stateBytes[0]) / (sentenceCounts[last] - sentenceCounts[0]));
            questions(answerer);
        }
        return stored;
    }

    /** The state of one {@value STORED_LENGTH}-sentence article, measuring nothing. */
    ArticleState storedArticle() {
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config)) {
            return state(encoder, SummaryOptionsMapping.defaultsFrom(config), article(STORED_LENGTH, 0));
        }
    }

    /** Answering: questions about {@value STORED_LENGTH}-sentence articles, one answerer call, CPU per question. */
    private void questions(ArticleAnswerer answerer) throws Exception {
        List<ArticleAnswerer.Asked> asked = new ArrayList<>();
        List<Sentence> split = StoredArticles.sentences(stored);
        for (int i = 0; i < QUESTIONS; i++) {
            // a question made of a sentence's words: its length and vocabulary are those of the article
            String[] words = split.get(i % split.size()).text().split("\\s+");
            asked.add(new ArticleAnswerer.Asked("What " + String.join(" ",
                    Arrays.copyOfRange(words, Math.min(1, words.length), Math.min(9, words.length))) + "?", stored));
        }
        answerer.answer(asked.subList(0, 4)); // warm-up
        long cpu = processCpuNanos();
        answerer.answer(asked);
        report.put("cost_cpu_s_per_question", (processCpuNanos() - cpu) / 1e9 / QUESTIONS);
    }

    /** The stored state of the article, computed as the service does (one article per encoder call). */
    private static ArticleState state(OnnxSentenceEncoder encoder, SummaryConfig summary, Article article) {
        List<Sentence> split = SentenceSplitter.split(article.getBody());
        TokenizedTexts tokens = encoder.tokenize(split.stream().map(Sentence::text).toList());
        float[][] embeddings = encoder.encode(tokens);
        SummarySelection selection = ExtractiveSummarizer.select(split, embeddings, summary);
        long now = System.currentTimeMillis();
        return StoredArticles.of(article, split, embeddings,
                ArticleBatchProcessor.toSummary(article, selection, summary, split.size(), encoder.name(), now),
                encoder.name(), now);
    }

    /** Changelog bytes besides the state: the buffered input and its deletion, and the retention index entry. */
    private long changelogBytes(Article article, EventSerdes serdes) {
        byte[] input = serdes.article().serializer().serialize("articles", article);
        PendingArticle buffered = PendingArticle.newBuilder().setKey(article.getId()).setArticle(article)
                .setTimestamp(0).setSourceTopic("articles").setSourcePartition(0).setSourceOffset(0)
                .setSourceValue(ByteBuffer.wrap(input)).build();
        int id = article.getId().getBytes(StandardCharsets.UTF_8).length;
        int sequenceKey = 16;
        String indexKey = ArticleExpiry.indexKey(0, ArticleExpiry.ARTICLE, article.getId());
        return 2L * sequenceKey + pending.serializer().serialize("", buffered).length // put, then tombstone
                + id // the state's key
                + indexKey.getBytes(StandardCharsets.UTF_8).length + id;
    }

    private Article article(int length, int index) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < length; i++) {
            body.append(sentences.get((index * length + i) % sentences.size())).append(' ');
        }
        return Article.newBuilder().setId("cost-" + length + "-" + index).setBody(body.toString().strip()).build();
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
