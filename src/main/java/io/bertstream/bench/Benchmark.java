package io.bertstream.bench;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.summarize.SummaryOptionsMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static io.bertstream.config.ConfigKeys.INTRA_OP_THREADS;
import static io.bertstream.config.ConfigKeys.MODEL_INT8;
import static io.bertstream.config.ConfigKeys.MODEL_MAX_TOKENS;

/**
 * Runs every measurement of {@code bench} in one JVM: the peer (langchain4j), our encoder one sentence per call,
 * batched in fp32 and in int8, agreement of the embeddings and of the summaries, the fp32 MatMul ceiling, and the
 * service end to end (throughput, then latency at half that throughput).
 */
public final class Benchmark {

    /**
     * FLOPs per real token of MiniLM-L6-H384 (the matrix products; attention scores, softmax, layer norms and
     * GELU are left out, as they depend on sequence length and are a few percent for sentences):
     * {@code 2 x layers x (4 x h^2 + 2 x h x ffn) = 2 x 6 x (4 x 384^2 + 2 x 384 x 1536) = 21,233,664}.
     */
    public static final double FLOPS_PER_TOKEN = 2.0 * 6 * (4.0 * 384 * 384 + 2.0 * 384 * 1536);

    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
    private static final int PIPELINE_WARMUP_ARTICLES = 20;
    /** Warm-up runs encode this many sentences: enough for the JIT and ONNX Runtime's allocations. */
    private static final int WARMUP_SENTENCES = 300;
    /** Runs of the ceiling MatMul (about 1.2 GFLOP each), the fastest counts. */
    private static final int CEILING_RUNS = 30;

    private final BertstreamConfig config;
    private final BenchOptions options;
    private final BenchCorpus corpus;
    private final BenchReport report = new BenchReport();
    /** Real tokens of the corpus, counted once by our tokenizer. */
    private long tokens;
    /** Tokens of each sentence of the corpus. */
    private int[] tokenCounts;

    public Benchmark(BertstreamConfig config, BenchOptions options, BenchCorpus corpus) {
        this.config = config;
        this.options = options;
        this.corpus = corpus;
    }

    /** Runs everything and returns the figures. */
    public BenchReport run() throws Exception {
        List<String> sentences = corpus.sentences();
        report.put("sentences", sentences.size()).put("articles", corpus.articles().size());

        Throughput peer;
        float[][] peerEmbeddings;
        Throughput batched;
        float[][] fp32;
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config)) {
            tokens = tokens(encoder);
            report.put("mean_tokens", (double) tokens / sentences.size());
            PeerEncoder peerEncoder = new PeerEncoder();
            peer = measure("peer", peerEncoder::encode);
            peerEmbeddings = peerEncoder.encode(sentences);
            measure("unbatched", encoder::encodeOneByOne);
            long realBefore = encoder.stats().realTokens();
            long paddedBefore = encoder.stats().paddedTokens();
            batched = measure("batched", encoder::encode);
            fp32 = encoder.encode(sentences);
            report.put("batched_padding_ratio", 1.0 - (double) (encoder.stats().realTokens() - realBefore)
                    / (encoder.stats().paddedTokens() - paddedBefore));
        }
        comparePeer(fp32, peerEmbeddings);

        Throughput int8;
        float[][] int8Embeddings;
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config.with(Map.of(MODEL_INT8, "true")))) {
            int8 = measure("batched_int8", encoder::encode);
            int8Embeddings = encoder.encode(sentences);
        }
        Agreement.Stats int8Cosines = Agreement.cosines(int8Embeddings, fp32);
        report.put("int8_cosine_min", int8Cosines.min()).put("int8_cosine_mean", int8Cosines.mean());
        Agreement.SummaryAgreement summaries = Agreement.summaries(corpus.articles(), fp32, int8Embeddings,
                SummaryOptionsMapping.defaultsFrom(config));
        report.put("int8_summary_agreement", summaries.identicalShare())
                .put("int8_summary_jaccard", summaries.meanJaccard());

        report.put("batched_over_peer", batched.over(peer)).put("int8_over_peer", int8.over(peer));
        ceiling(batched);
        if (options.pipeline()) {
            pipeline(batched);
        }
        return report;
    }

    /**
     * Cosines with the peer over the sentences neither side truncates (there both compute the same function), and
     * over all: we truncate at model.max.tokens, langchain4j at 510 tokens, so longer sentences legitimately differ.
     */
    private void comparePeer(float[][] ours, float[][] peer) {
        int maxTokens = config.getInt(MODEL_MAX_TOKENS);
        int[] whole = IntStream.range(0, tokenCounts.length).filter(i -> tokenCounts[i] < maxTokens).toArray();
        Agreement.Stats untruncated = Agreement.cosines(rows(ours, whole), rows(peer, whole));
        Agreement.Stats all = Agreement.cosines(ours, peer);
        report.put("peer_cosine_min", untruncated.min()).put("peer_cosine_mean", untruncated.mean())
                .put("truncated_sentences", tokenCounts.length - whole.length)
                .put("peer_cosine_min_with_truncated", all.min());
        LOG.info("Least agreement with the peer (cosine {}, {} tokens) on: {}", all.min(),
                tokenCounts[all.argMin()], corpus.sentences().get(all.argMin()));
    }

    private static float[][] rows(float[][] matrix, int[] indices) {
        return Arrays.stream(indices).mapToObj(i -> matrix[i]).toArray(float[][]::new);
    }

    /** Median throughput of encoding the whole corpus, recorded under {@code name}. */
    private Throughput measure(String name, Function<List<String>, float[][]> encode) {
        List<String> sentences = corpus.sentences();
        LOG.info("Measuring {} on {} sentences ({} warm-up runs + {} timed runs)", name, sentences.size(), options.warmups(),
                options.runs());
        List<String> warmup = sentences.subList(0, Math.min(WARMUP_SENTENCES, sentences.size()));
        for (int i = 0; i < options.warmups(); i++) {
            encode.apply(warmup);
        }
        double seconds = Repeated.medianSeconds(() -> encode.apply(sentences), 0, options.runs());
        Throughput throughput = Throughput.of(sentences.size(), tokens, seconds);
        report.putThroughput(name, throughput);
        LOG.info("{}: {} sentences/s", name, Math.round(throughput.sentencesPerSecond()));
        return throughput;
    }

    /** Real tokens of the corpus as our tokenizer counts them (special tokens included, after truncation). */
    private long tokens(OnnxSentenceEncoder encoder) {
        tokenCounts = encoder.tokenCounts(corpus.sentences());
        return IntStream.of(tokenCounts).asLongStream().sum();
    }

    private void ceiling(Throughput batched) {
        LOG.info("Measuring the fp32 MatMul ceiling {}", MatMulCeiling.DEFAULT_SHAPE);
        double ceiling = MatMulCeiling.gflops(MatMulCeiling.DEFAULT_SHAPE, config.getInt(INTRA_OP_THREADS),
                options.warmups() + 2, CEILING_RUNS);
        double achieved = batched.tokensPerSecond() * FLOPS_PER_TOKEN / 1e9;
        report.put("ceiling_gflops", ceiling).put("achieved_gflops", achieved)
                .put("achieved_fraction", achieved / ceiling);
    }

    private void pipeline(Throughput batched) throws Exception {
        LOG.info("Starting the service on an in-process broker for the end-to-end measurements");
        List<BenchCorpus.BenchArticle> articles = corpus.articles();
        try (PipelineBench pipeline = new PipelineBench(config)) {
            pipeline.allAtOnceSeconds(articles.subList(0, Math.min(PIPELINE_WARMUP_ARTICLES, articles.size())));
            double[] seconds = new double[Math.max(1, options.runs())];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = pipeline.allAtOnceSeconds(articles);
                LOG.info("Pipeline run {}: {} s", i + 1, seconds[i]);
            }
            Throughput capacity = Throughput.of(corpus.sentences().size(), tokens, Repeated.median(seconds));
            report.putThroughput("pipeline", capacity).put("pipeline_over_batched", capacity.over(batched));

            double offeredSentences = capacity.sentencesPerSecond() / 2;
            double articlesPerSecond = offeredSentences * articles.size() / corpus.sentences().size();
            LOG.info("Measuring latency at {} articles/s ({} sentences/s)", articlesPerSecond, offeredSentences);
            double[] latencies = pipeline.pacedLatenciesMs(articles, articlesPerSecond);
            report.put("latency_offered_sentences_per_s", offeredSentences)
                    .put("latency_p50_ms", Repeated.quantile(latencies, 0.5))
                    .put("latency_p99_ms", Repeated.quantile(latencies, 0.99));
        }
    }
}
