package io.bertstream.bench;

import io.bertstream.config.BertstreamConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The service end to end on an in-process broker, in {@code bench}'s report: throughput with everything offered at
 * once (and where its time and CPU go), then latency at half that throughput, then question latency.
 */
final class PipelineFigures {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFigures.class);
    private static final int PIPELINE_WARMUP_ARTICLES = 20;

    private PipelineFigures() {
    }

    /**
     * @param tokens  real tokens of the corpus (for tokens/s)
     * @param offline the encoder's own throughput on the same corpus, which the pipeline's is compared with
     * @param squad   the SQuAD file whose questions measure question latency, or null
     */
    static void measure(BertstreamConfig config, BenchCorpus corpus, int runs, Path squad, long tokens,
                        Throughput offline, BenchReport report) throws Exception {
        LOG.info("Starting the service on an in-process broker for the end-to-end measurements");
        List<BenchCorpus.BenchArticle> articles = corpus.articles();
        try (PipelineBench pipeline = new PipelineBench(config)) {
            pipeline.allAtOnceSeconds(articles.subList(0, Math.min(PIPELINE_WARMUP_ARTICLES, articles.size())));
            double[] seconds = new double[Math.max(1, runs)];
            PipelineBreakdown before = pipeline.breakdown();
            CpuShares cpuBefore = CpuShares.snapshot();
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = pipeline.allAtOnceSeconds(articles);
                LOG.info("Pipeline run {}: {} s", i + 1, seconds[i]);
            }
            pipeline.breakdown().sharesSince(before).forEach((part, share) -> report.put("pipeline_share_" + part,
                    share));
            CpuShares.snapshot().sharesSince(cpuBefore).forEach((part, share) -> report.put("pipeline_cpu_" + part,
                    share));
            Throughput capacity = Throughput.of(corpus.sentences().size(), tokens, Repeated.median(seconds));
            report.putThroughput("pipeline", capacity).put("pipeline_over_offline", capacity.over(offline))
                    .put("pipeline_padding_ratio", pipeline.paddingRatio());

            double offeredSentences = capacity.sentencesPerSecond() / 2;
            double articlesPerSecond = offeredSentences * articles.size() / corpus.sentences().size();
            LOG.info("Measuring latency at {} articles/s ({} sentences/s)", articlesPerSecond, offeredSentences);
            PipelineBench.Latencies latencies = pipeline.pacedLatenciesMs(articles, articlesPerSecond);
            report.put("latency_offered_sentences_per_s", offeredSentences)
                    .put("latency_p90_ms", Repeated.quantile(latencies.total(), 0.9))
                    .put("latency_p50_ms", Repeated.quantile(latencies.total(), 0.5))
                    .put("latency_p99_ms", Repeated.quantile(latencies.total(), 0.99))
                    .put("latency_to_batch_p50_ms", Repeated.quantile(latencies.toBatch(), 0.5))
                    .put("latency_to_batch_p99_ms", Repeated.quantile(latencies.toBatch(), 0.99))
                    .put("latency_batch_to_read_p50_ms", Repeated.quantile(latencies.batchToRead(), 0.5))
                    .put("latency_batch_to_read_p99_ms", Repeated.quantile(latencies.batchToRead(), 0.99));
            if (squad != null) {
                QuestionLatency.measure(report, pipeline.service(),
                        QuestionLatency.questions(squad, corpus, pipeline.lastRunPrefix()));
            }
        }
    }
}
