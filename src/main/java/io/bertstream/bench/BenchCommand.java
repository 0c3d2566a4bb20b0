package io.bertstream.bench;

import io.bertstream.app.ConfigOptions;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.OnnxSentenceEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static io.bertstream.config.ConfigKeys.MODEL_INT8;

/** {@code bench}: throughput, agreement and latency of the encoder and of the whole service, in one JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Benchmark on real text (sentences of SQuAD paragraphs, or of a text file), in one JVM, after "
                        + "warm-up, reporting the median of several runs:",
                "  peer          langchain4j AllMiniLmL6V2EmbeddingModel.embedAll (the reference): one sentence per "
                        + "call on one worker per core, each call on ONNX Runtime's default pool; truncates at 128 "
                        + "tokens (its tokenizer.json)",
                "  peer_tuned    the same langchain4j code with one intra-op thread per worker",
                "  unbatched     our encoder, one sentence per ONNX call",
                "  batched       our encoder: sentences sorted by length, sub-batches bounded by "
                        + "inference.batch.size and inference.batch.tokens (fp32)",
                "  batched_int8  the same with the int8-quantised model",
                "  batched_session_pool[_spinning]  batched fp32 on an ONNX Runtime pool of its own (with "
                        + "spinning: the former default) instead of the shared global pool",
                "  pipeline      the whole service: in-process broker, topology, all articles produced at once; "
                        + "sentences/s from the first send to the last summary read (read_committed)",
                "  latency       p50/p99 from send to summary read, articles sent at half the pipeline rate",
                "  questions     SQuAD's questions about the stored articles: question_capacity_per_s (all at once), "
                        + "question_latency_p50/p99_ms at half that rate (questions_per_s; produced to answer read "
                        + "read_committed), http_question_p50/p99_ms (POST /articles/{id}/questions, one client) and "
                        + "http_question_p99_ms_8_clients; *_share_retrieval/_reading/_commit = where the time went",
                "Also: cosine of our fp32 embeddings with the peer's (should be >= 0.999) and of int8 with fp32; "
                        + "int8_summary_agreement = share of articles whose summary picks the same sentences "
                        + "with int8 as with fp32 (and their mean Jaccard), next to fp32_seed_summary_agreement = the "
                        + "same between fp32 summaries under the default and other summary.random.state values (the "
                        + "clustering's own noise); qa_padding_* = padding of SQuAD question windows batched in "
                        + "arrival order and sorted by length; pipeline_share_* = where the pipeline's wall time went; "
                        + "pipeline_cpu_* = the share of all cores used by the stream threads, the in-process broker, "
                        + "the Kafka clients and native threads (ONNX Runtime, GC); latency_to_batch_* and "
                        + "latency_batch_to_read_* = the latency split at the start of the summary's batch; "
                        + "tokenize_once_saving = one split-and-tokenize pass over the articles as a share of the "
                        + "batched encoder's time; ceiling_gflops = best fp32 GFLOP/s of one "
                        + "[1024,384]x[384,1536] MatMul in ONNX Runtime; achieved_fraction = batched tokens/s x "
                        + "21.23 MFLOP/token (2 x 6 layers x (4 x 384^2 + 2 x 384 x 1536)) / ceiling.",
                "Costs (also alone with --costs-only): cost_cpu_s_per_article_N = process CPU-seconds of one "
                        + "N-sentence article's path (split, tokenize, embed, cluster, state), cost_cpu_s_per_question, "
                        + "cost_state_bytes_*, cost_changelog_bytes_per_article_N (buffered input, its deletion, "
                        + "state, retention index); restore_* = an empty state directory restored from changelogs "
                        + "of --restore-articles stored 50-sentence articles (restore_disk_over_logical = the state "
                        + "directory's bytes on disk after it over the bytes restored); expiry_*_per_10k = the retention "
                        + "punctuator expiring them; failover_seconds_standby_0/1 = one of two instances closed, "
                        + "until the other serves all --failover-articles articles.",
                "Tune with --set inference.batch.size=N, --set inference.batch.tokens=N, "
                        + "--set inference.intra.op.threads=N. Logs go to stderr; --json prints one JSON object "
                        + "on stdout."})
public final class BenchCommand implements Callable<Integer> {

    static final String DEFAULT_SQUAD = "../shared/data/squad-v1.1-dev.json";
    static final String DEFAULT_CALIBRATION = "../shared/data/squad-v2.0-train-10-articles.json";
    /** Calibration sentences taken (whole paragraphs). */
    private static final int CALIBRATION_SENTENCES = 1000;

    @Mixin
    ConfigOptions config;

    @Option(names = "--sentences", defaultValue = "2000",
            description = "Take whole paragraphs until at least this many sentences (default ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--squad", paramLabel = "FILE", defaultValue = DEFAULT_SQUAD,
            description = "SQuAD v1.1 JSON whose paragraphs are the text (default ${DEFAULT-VALUE}).")
    Path squad;

    @Option(names = "--file", paramLabel = "FILE",
            description = "A UTF-8 text file to use instead of SQuAD; paragraphs are separated by blank lines.")
    Path file;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs per figure, median reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmups", defaultValue = "1", description = "Untimed runs before each figure (default ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--no-pipeline", description = "Skip the end-to-end measurements (broker and topology).")
    boolean noPipeline;

    @Option(names = "--pipeline-only", description = "Only the configured encoder batched offline and the "
            + "end-to-end measurements: for tuning batch.* and commit.interval.ms with --set.")
    boolean pipelineOnly;

    @Option(names = "--agreement-only", description = "Only the figures that do not depend on timing: int8 "
            + "against fp32 (cosines, summaries) and the summaries' own noise under other random states.")
    boolean agreementOnly;

    @Option(names = "--costs-only", description = "Only the cost figures: cost_* (CPU-seconds per article by "
            + "length and per question, state and changelog bytes), restore_*, expiry_* and failover_*.")
    boolean costsOnly;

    @Option(names = "--state-only", description = "Only restore_*, expiry_* and failover_* (with --costs-only).")
    boolean stateOnly;

    @Option(names = "--restore-articles", defaultValue = "100000", description = "Stored articles whose restore "
            + "from the changelog and expiry are measured (default ${DEFAULT-VALUE}).")
    int restoreArticles;

    @Option(names = "--failover-articles", defaultValue = "20000", description = "Stored articles of the "
            + "two-instance fail-over measurement (default ${DEFAULT-VALUE}).")
    int failoverArticles;
    @Option(names = "--int8-model", paramLabel = "FILE", description = "A candidate int8 graph of MiniLM "
            + "(e.g. from src/main/python/quantize_encoder_int8.py), repeatable: its agreement with fp32 "
            + "(--agreement-only) or its speed over fp32 and the peer (full run), beside the configured int8 model.")
    List<Path> int8Models = new ArrayList<>();

    @Option(names = "--int8-speed-only", description = "Only fp32, the configured int8 model and each "
            + "--int8-model, encoding the corpus in turns for --runs rounds: speed_*_over_fp32 (wall time) and "
            + "speed_*_cpu_over_fp32 (process CPU time, the steadier figure on a shared machine).")
    boolean int8SpeedOnly;

    @Option(names = "--whole-articles", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --agreement-only: also compare summaries of whole SQuAD articles (paragraphs "
                    + "joined), figures suffixed _whole_articles (default ${DEFAULT-VALUE}).")
    boolean wholeArticles;

    @Option(names = "--calibration", paramLabel = "FILE", defaultValue = DEFAULT_CALIBRATION,
            description = "With --agreement-only: SQuAD file whose paragraphs (not the benchmark corpus) give "
                    + "embedding cosines *_calibration_cosine_* (default ${DEFAULT-VALUE}; empty = none).")
    String calibration;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        BenchCorpus corpus = file != null ? BenchCorpus.fromText(file, sentences) : BenchCorpus.fromSquad(squad, sentences);
        if (int8SpeedOnly) {
            BenchReport report = int8Speeds(c, corpus);
            System.out.println(json ? report.toJson() : report.toTable());
            return 0;
        }
        boolean whole = agreementOnly && wholeArticles && file == null;
        BenchCorpus calibrationText = agreementOnly && !calibration.isEmpty()
                ? BenchCorpus.fromSquad(Path.of(calibration), CALIBRATION_SENTENCES) : null;
        BenchReport report = new Benchmark(c, new BenchOptions(warmups, runs, !noPipeline, pipelineOnly, agreementOnly,
                file == null ? squad : null, json, costsOnly, stateOnly, restoreArticles, failoverArticles, int8Models,
                whole ? BenchCorpus.wholeSquadArticles(squad, Integer.MAX_VALUE) : null, calibrationText), corpus).run();
        System.out.println(json ? report.toJson() : report.toTable());
        return 0;
    }

    private BenchReport int8Speeds(BertstreamConfig c, BenchCorpus corpus) {
        BenchReport report = new BenchReport().put("sentences", corpus.sentences().size())
                .put("load_average_start", Benchmark.loadAverage());
        var fp32Settings = EncoderFactory.settings(c.with(Map.of(
                MODEL_INT8, "false")));
        List<OnnxSentenceEncoder> open = new ArrayList<>();
        try {
            Map<String, Function<List<String>, float[][]>> encoders =
                    new LinkedHashMap<>();
            open.add(new OnnxSentenceEncoder(fp32Settings));
            encoders.put("fp32", open.get(0)::encode);
            open.add(EncoderFactory.create(c.with(Map.of(
                    MODEL_INT8, "true"))));
            encoders.put("int8", open.get(1)::encode);
            for (Path graph : int8Models) {
                String name = "int8[" + graph.getFileName().toString().replaceFirst("\\.onnx$", "") + "]";
                var encoder = new OnnxSentenceEncoder(fp32Settings.withModel(name,
                        ModelSource.parse(graph.toString())));
                open.add(encoder);
                encoders.put(name, encoder::encode);
            }
            Int8Speed.measure(encoders, corpus.sentences(), runs, report);
        } finally {
            open.forEach(OnnxSentenceEncoder::close);
        }
        return report.put("load_average_end", Benchmark.loadAverage());
    }
}
