package io.bertstream.bench;

import io.bertstream.progress.Progress;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.EncoderSettings;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.inference.OrtThreading;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.QaOptions;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static io.bertstream.config.ConfigKeys.*;

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
    /** Warm-up runs encode this many sentences: enough for the JIT and ONNX Runtime's allocations. */
    private static final int WARMUP_SENTENCES = 300;
    /** Runs of the ceiling MatMul (about 1.2 GFLOP each), the fastest counts. */
    private static final int CEILING_RUNS = 30;
    /** SQuAD questions whose windows measure QA padding. */
    private static final int QA_PADDING_QUESTIONS = 2000;

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
        report.put("sentences", sentences.size()).put("articles", corpus.articles().size())
                .put("load_average_start", loadAverage());
        boolean defaultInt8 = config.getBoolean(MODEL_INT8);
        report.put("default_model", defaultInt8 ? "int8" : "fp32");
        if (options.agreementOnly()) {
            agreementOnly();
            return report.put("load_average_end", loadAverage());
        }
        if (options.costsOnly()) {
            costs();
            return report.put("load_average_end", loadAverage());
        }
        if (options.pipelineOnly()) {
            try (OnnxSentenceEncoder encoder = EncoderFactory.create(config)) {
                tokens = tokens(encoder);
                pipeline(measure("default_path", encoder::encode));
            }
            return report.put("load_average_end", loadAverage());
        }

        Throughput peer;
        float[][] peerEmbeddings;
        float[][] tunedEmbeddings;
        Throughput batched;
        float[][] fp32;
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config.with(Map.of(MODEL_INT8, "false")))) {
            tokens = tokens(encoder);
            report.put("mean_tokens", (double) tokens / sentences.size());
            try (PeerEncoder peerEncoder = PeerEncoder.defaults()) {
                peer = measure("peer", peerEncoder::encode);
                peerEmbeddings = peerEncoder.encode(sentences);
            }
            try (PeerEncoder tuned = PeerEncoder.tuned()) {
                report.put("tuned_peer_over_peer", measure("peer_tuned", tuned::encode).over(peer));
                tunedEmbeddings = tuned.encode(sentences);
            }
            measure("unbatched", encoder::encodeOneByOne);
            long realBefore = encoder.stats().realTokens();
            long paddedBefore = encoder.stats().paddedTokens();
            batched = measure("batched", encoder::encode);
            fp32 = encoder.encode(sentences);
            report.put("batched_padding_ratio", 1.0 - (double) (encoder.stats().realTokens() - realBefore)
                    / (encoder.stats().paddedTokens() - paddedBefore));
            tokenizeOnce(encoder, batched);
            PeerAgreement.report(report, config, corpus.sentences(), tokenCounts, fp32, peerEmbeddings,
                    tunedEmbeddings);
        }
        threading(batched);

        Throughput int8;
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(config.with(Map.of(MODEL_INT8, "true")))) {
            int8 = measure("batched_int8", encoder::encode);
        }
        candidateSpeeds(batched, peer);
        Int8Agreement agreement = new Int8Agreement(config, Map.of("", corpus), List.of());
        agreement.configuredInt8(report);
        agreement.noise(report);

        Throughput defaultPath = defaultInt8 ? int8 : batched;
        report.put("batched_over_peer", batched.over(peer)).put("int8_over_peer", int8.over(peer))
                .put("default_path_sentences_per_s", defaultPath.sentencesPerSecond())
                .put("default_path_over_peer", defaultPath.over(peer))
                .put("default_path_over_tuned_peer", defaultPath.sentencesPerSecond()
                        / (double) report.values().get("peer_tuned_sentences_per_s"));
        qaPadding();
        startup();
        ceiling(batched);
        if (options.pipeline()) {
            try {
                pipeline(defaultPath);
            } catch (RuntimeException e) {
                // the encoder figures stand on their own: report them with the reason the pipeline failed
                LOG.error("The end-to-end measurement failed", e);
                report.put("pipeline_error", String.valueOf(e.getMessage()));
            }
        }
        costs();
        return report.put("load_average_end", loadAverage());
    }

    /** CPU and bytes per article and question, then restore, expiry and fail-over at volume. */
    private void costs() throws Exception {
        CostBench costs = new CostBench(config, corpus.sentences(), report);
        var stored = options.stateOnly() ? costs.storedArticle() : costs.run();
        LOG.info("bench: restore and expiry of {} stored articles, fail-over with {}", options.restoreArticles(),
                options.failoverArticles());
        new StateRestoreBench(config, report, stored).run(options.restoreArticles(), options.failoverArticles());
    }

    /**
     * Only the figures that do not depend on timing: int8 against fp32 and the clustering's own noise, on the
     * benchmark corpus and on whole SQuAD articles, with embedding cosines on calibration text besides; then each
     * candidate graph of --int8-model.
     */
    private void agreementOnly() throws java.io.IOException {
        Map<String, BenchCorpus> corpora = new java.util.LinkedHashMap<>();
        corpora.put("", corpus);
        if (options.wholeArticles() != null) {
            corpora.put("_whole_articles", options.wholeArticles());
            report.put("whole_articles", options.wholeArticles().articles().size())
                    .put("whole_articles_sentences", options.wholeArticles().sentences().size());
        }
        List<String> calibration = options.calibration() == null ? List.of() : options.calibration().sentences();
        report.put("calibration_sentences", calibration.size());
        Int8Agreement agreement = new Int8Agreement(config, corpora, calibration);
        agreement.noise(report);
        agreement.perturbed(report, 0.999, 0.9995, 0.9999);
        agreement.configuredInt8(report);
        options.int8Models().forEach(graph -> agreement.candidate(report, graph));
    }

    /** Throughput of each --int8-model graph, batched as the default path is, over fp32 and over the peer. */
    private void candidateSpeeds(Throughput fp32, Throughput peer) {
        EncoderSettings s = EncoderFactory.settings(config.with(Map.of(MODEL_INT8, "false")));
        for (Path graph : options.int8Models()) {
            String name = "batched_int8[" + graph.getFileName().toString().replaceFirst("\\.onnx$", "") + "]";
            try (OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(s.withModel(name,
                    ModelSource.parse(graph.toString())))) {
                Throughput t = measure(name, encoder::encode);
                report.put(name + "_over_fp32", t.over(fp32)).put(name + "_over_peer", t.over(peer));
            }
        }
    }

    /** The 1-minute load average of the machine (other work on it makes every figure slower). */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * What tokenizing each article once saves: the service used to split and tokenize every article when it
     * was buffered (to count it) and again in its batch; this is the time of one of those passes, as a share of
     * the batched encoder's time on the same sentences.
     */
    private void tokenizeOnce(OnnxSentenceEncoder encoder, Throughput batched) {
        double seconds = Repeated.medianSeconds(() -> corpus.articles().forEach(a ->
                encoder.tokenize(SentenceSplitter.split(a.body()).stream().map(Sentence::text).toList())),
                options.warmups(), options.runs());
        double batchedSeconds = corpus.sentences().size() / batched.sentencesPerSecond();
        report.put("split_tokenize_ms", seconds * 1000).put("tokenize_once_saving", seconds / batchedSeconds);
    }

    /**
     * The batched fp32 encoder on ONNX Runtime pools of its own (the former default), with and without spinning,
     * next to the shared global pool without spinning measured as "batched".
     */
    private void threading(Throughput shared) {
        for (boolean spinning : new boolean[] {true, false}) {
            String name = spinning ? "batched_session_pool_spinning" : "batched_session_pool";
            EncoderSettings fp32 = EncoderFactory.settings(config.with(Map.of(MODEL_INT8, "false")));
            EncoderSettings own = fp32.withThreading(new OrtThreading(fp32.threading().threads(), spinning, false));
            try (OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(own)) {
                report.put(name + "_over_global_pool", measure(name, encoder::encode).over(shared));
            }
        }
    }

    /** Padding of question windows batched in arrival order and sorted by length (SQuAD questions). */
    private void qaPadding() throws java.io.IOException {
        if (options.squad() == null) {
            return;
        }
        // the bundled reader's tokenizer is MiniLM's (the bert-base-uncased vocabulary)
        ModelSource tokenizer = config.isSet(QA_TOKENIZER_PATH) ? ModelSource.parse(config.require(QA_TOKENIZER_PATH))
                : DefaultModels.MINILM_TOKENIZER;
        QaOptions qa = AnswererFactory.qaOptions(config);
        QaPadding.Result padding = QaPadding.measure(options.squad(), tokenizer, qa,
                config.getInt(INFERENCE_BATCH_SIZE), config.getInt(QA_BATCH_WINDOWS),
                config.getInt(QA_BATCH_TOKENS), QA_PADDING_QUESTIONS);
        report.put("qa_windows", padding.windows()).put("qa_padding_arrival_order", padding.arrivalOrder())
                .put("qa_padding_ratio", padding.sorted());
    }

    /** Session start-up with the graph optimised at load, and from an optimised graph saved on disk. */
    private void startup() throws Exception {
        EncoderSettings settings = EncoderFactory.settings(config);
        StartupCost.Result cost = StartupCost.measure(settings.model().readAllBytes(), settings.threading());
        report.put("session_start_ms", cost.optimizeMs()).put("session_start_cached_graph_ms", cost.cachedMs());
    }

    /** Median throughput of encoding the whole corpus, recorded under {@code name}. */
    private Throughput measure(String name, Function<List<String>, float[][]> encode) {
        List<String> sentences = corpus.sentences();
        LOG.info("Measuring {} on {} sentences ({} warm-up runs + {} timed runs)", name, sentences.size(), options.warmups(),
                options.runs());
        List<String> warmup = sentences.subList(0, Math.min(WARMUP_SENTENCES, sentences.size()));
        double seconds;
        try (Progress progress = Progress.forCommand("bench " + name, "sentences",
                (long) options.warmups() * warmup.size() + (long) options.runs() * sentences.size(), options.quiet())) {
            for (int i = 0; i < options.warmups(); i++) {
                encode.apply(warmup);
                progress.advance(warmup.size());
            }
            seconds = Repeated.medianSeconds(() -> {
                encode.apply(sentences);
                progress.advance(sentences.size());
            }, 0, options.runs());
        }
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
        double ceiling = MatMulCeiling.gflops(MatMulCeiling.DEFAULT_SHAPE, EncoderFactory.threading(config),
                options.warmups() + 2, CEILING_RUNS);
        double achieved = batched.tokensPerSecond() * FLOPS_PER_TOKEN / 1e9;
        report.put("ceiling_gflops", ceiling).put("achieved_gflops", achieved)
                .put("achieved_fraction", achieved / ceiling);
    }

    private void pipeline(Throughput offline) throws Exception {
        PipelineFigures.measure(config, corpus, options.runs(), options.squad(), tokens, offline, report);
    }
}
