package io.bertstream.bench;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.EncoderSettings;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.MODEL_INT8;

/**
 * int8 encoders against fp32, by the figures that do not depend on timing: embedding cosines (on the benchmark
 * corpus and on calibration text that is not the benchmark corpus) and summary agreement next to the clustering's
 * own noise (fp32 under other random states), on the benchmark corpus and on whole articles.
 */
final class Int8Agreement {

    private static final Logger LOG = LoggerFactory.getLogger(Int8Agreement.class);
    /** Random states other than the default one, for the clustering's own noise. */
    static final long[] NOISE_SEEDS = {1, 2, 3, 4};

    /** A corpus summarised for agreement: its articles and the fp32 embeddings of their sentences. */
    private record Scored(String suffix, BenchCorpus corpus, float[][] fp32) {
    }

    private final BertstreamConfig config;
    private final SummaryConfig defaults;
    private final List<Scored> corpora = new ArrayList<>();
    private final List<String> calibration;
    private float[][] calibrationFp32;

    /**
     * @param corpora     the corpora summaries are compared on, each with the suffix of its figures ("" for the
     *                    benchmark corpus)
     * @param calibration sentences for embedding cosines only (not the benchmark corpus); may be empty
     */
    Int8Agreement(BertstreamConfig config, Map<String, BenchCorpus> corpora, List<String> calibration) {
        this.config = config;
        this.defaults = SummaryOptionsMapping.defaultsFrom(config);
        this.calibration = calibration;
        try (OnnxSentenceEncoder fp32 = EncoderFactory.create(config.with(Map.of(MODEL_INT8, "false")))) {
            corpora.forEach((suffix, corpus) -> this.corpora.add(new Scored(suffix, corpus,
                    fp32.encode(corpus.sentences()))));
            calibrationFp32 = fp32.encode(calibration);
        }
    }

    /** The fp32 summaries under the default random state against the others, per corpus. */
    void noise(BenchReport report) {
        for (Scored c : corpora) {
            List<Agreement.SummaryAgreement> noise = new ArrayList<>();
            for (long seed : NOISE_SEEDS) {
                noise.add(Agreement.summaries(c.corpus().articles(), c.fp32(), defaults, c.fp32(),
                        withSeed(defaults, seed)));
            }
            Agreement.SummaryAgreement mean = Agreement.mean(noise);
            report.put("fp32_seed_summary_agreement" + c.suffix(), mean.identicalShare())
                    .put("fp32_seed_summary_jaccard" + c.suffix(), mean.meanJaccard())
                    .put("fp32_seed_summary_replaced_mean" + c.suffix(), mean.meanReplaced())
                    .put("fp32_seed_summary_one_replaced" + c.suffix(), mean.oneReplacedShare())
                    .put("fp32_seed_summary_agreement_min" + c.suffix(), noise.stream()
                            .mapToDouble(Agreement.SummaryAgreement::identicalShare).min().orElse(Double.NaN));
        }
        report.put("noise_seeds", NOISE_SEEDS.length);
    }

    /**
     * How much embedding error the summaries bear: fp32 embeddings with random isotropic noise added (fixed seed)
     * so that their cosine to fp32 is about each of {@code cosines}, summarised under the default random state,
     * against fp32: {@code fp32_perturbed[COSINE]_summary_agreement<suffix>}.
     */
    void perturbed(BenchReport report, double... cosines) {
        for (double cosine : cosines) {
            String prefix = String.format(java.util.Locale.ROOT, "fp32_perturbed[%.4f]", cosine);
            for (Scored c : corpora) {
                float[][] noisy = EmbeddingNoise.perturbed(c.fp32(), cosine, 24L);
                Agreement.Stats cosinesSeen = Agreement.cosines(noisy, c.fp32());
                Agreement.SummaryAgreement a = Agreement.summaries(c.corpus().articles(), c.fp32(), noisy, defaults);
                report.put(prefix + "_cosine_mean" + c.suffix(), cosinesSeen.mean())
                        .put(prefix + "_summary_agreement" + c.suffix(), a.identicalShare())
                        .put(prefix + "_summary_replaced_mean" + c.suffix(), a.meanReplaced());
                LOG.info("{}{}: cosine mean {}, same summary {}", prefix, c.suffix(), cosinesSeen.mean(),
                        a.identicalShare());
            }
        }
    }

    /** The configured int8 encoder (model.int8=true) under the figures' historical names. */
    void configuredInt8(BenchReport report) {
        compare(report, "int8", EncoderFactory.settings(config.with(Map.of(MODEL_INT8, "true"))).model());
    }

    /** An int8 graph from a file, its figures prefixed with {@code int8_<file name>}. */
    void candidate(BenchReport report, Path graph) {
        String name = graph.getFileName().toString().replaceFirst("\\.onnx$", "");
        compare(report, "int8[" + name + "]", ModelSource.parse(graph.toString()));
    }

    private void compare(BenchReport report, String prefix, ModelSource model) {
        LOG.info("Agreement of {} ({}) with fp32", prefix, model);
        EncoderSettings fp32 = EncoderFactory.settings(config.with(Map.of(MODEL_INT8, "false")));
        try (OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(fp32.withModel(prefix, model))) {
            if (!calibration.isEmpty()) {
                Agreement.Stats cal = Agreement.cosines(encoder.encode(calibration), calibrationFp32);
                report.put(prefix + "_calibration_cosine_min", cal.min())
                        .put(prefix + "_calibration_cosine_mean", cal.mean());
            }
            for (Scored c : corpora) {
                float[][] int8 = encoder.encode(c.corpus().sentences());
                Agreement.Stats cosines = Agreement.cosines(int8, c.fp32());
                List<Agreement.SummaryAgreement> agreement = new ArrayList<>();
                agreement.add(Agreement.summaries(c.corpus().articles(), c.fp32(), int8, defaults));
                for (long seed : NOISE_SEEDS) {
                    agreement.add(Agreement.summaries(c.corpus().articles(), c.fp32(), int8,
                            withSeed(defaults, seed)));
                }
                Agreement.SummaryAgreement mean = Agreement.mean(agreement);
                report.put(prefix + "_cosine_min" + c.suffix(), cosines.min())
                        .put(prefix + "_cosine_mean" + c.suffix(), cosines.mean())
                        .put(prefix + "_summary_agreement" + c.suffix(), agreement.get(0).identicalShare())
                        .put(prefix + "_summary_jaccard" + c.suffix(), agreement.get(0).meanJaccard())
                        .put(prefix + "_summary_replaced_mean" + c.suffix(), agreement.get(0).meanReplaced())
                        .put(prefix + "_summary_one_replaced" + c.suffix(), agreement.get(0).oneReplacedShare())
                        .put(prefix + "_summary_agreement_over_seeds" + c.suffix(), mean.identicalShare())
                        .put(prefix + "_summary_jaccard_over_seeds" + c.suffix(), mean.meanJaccard());
                // a long run's figures as they come, should it be stopped before the report
                LOG.info("{}{}: cosine mean {} min {}, same summary {}", prefix, c.suffix(), cosines.mean(),
                        cosines.min(), agreement.get(0).identicalShare());
            }
        }
    }

    static SummaryConfig withSeed(SummaryConfig c, long seed) {
        return new SummaryConfig(c.numSentences(), c.ratio(), c.minLength(), c.maxLength(), c.useFirst(),
                c.algorithm(), c.optimalK(), c.kMax(), seed);
    }
}
