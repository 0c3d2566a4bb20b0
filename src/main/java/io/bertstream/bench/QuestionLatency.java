package io.bertstream.bench;

import io.bertstream.app.EnrichmentService;
import io.bertstream.qa.squad.SquadDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The question figures of {@code bench}: follow-up questions (SQuAD's own, about the benchmark's stored articles)
 * through Kafka at half the question capacity and through the HTTP API with one client and eight.
 */
final class QuestionLatency {

    private static final Logger LOG = LoggerFactory.getLogger(QuestionLatency.class);
    /** Questions per measurement (all at once, paced, HTTP with one client; eight clients ask twice as many). */
    private static final int QUESTIONS = 300;
    private static final int WARMUP_QUESTIONS = 30;
    private static final int HTTP_CLIENTS = 8;

    private QuestionLatency() {
    }

    /**
     * SQuAD's questions about the corpus's articles, stored under {@code idPrefix + article id}, in a fixed
     * shuffled order (so consecutive questions are about different articles, as from many users).
     */
    static List<QuestionBench.Asked> questions(Path squad, BenchCorpus corpus, String idPrefix) throws IOException {
        Map<String, List<String>> byContext = new HashMap<>();
        for (SquadDataset.Article article : SquadDataset.load(squad).articles()) {
            for (SquadDataset.Paragraph p : article.paragraphs()) {
                p.questions().forEach(q -> byContext.computeIfAbsent(p.context(), k -> new ArrayList<>())
                        .add(q.question()));
            }
        }
        List<QuestionBench.Asked> asked = new ArrayList<>();
        for (BenchCorpus.BenchArticle a : corpus.articles()) {
            byContext.getOrDefault(a.body(), List.of()).forEach(q -> asked.add(new QuestionBench.Asked(
                    idPrefix + a.id(), q)));
        }
        Collections.shuffle(asked, new Random(20261204L));
        return asked;
    }

    static void measure(BenchReport report, EnrichmentService service, List<QuestionBench.Asked> questions)
            throws Exception {
        if (questions.size() < WARMUP_QUESTIONS + QUESTIONS) {
            LOG.warn("Only {} questions about the benchmark's articles: no question figures", questions.size());
            return;
        }
        List<QuestionBench.Asked> warmup = questions.subList(0, WARMUP_QUESTIONS);
        List<QuestionBench.Asked> timed = questions.subList(WARMUP_QUESTIONS, WARMUP_QUESTIONS + QUESTIONS);
        try (QuestionBench bench = new QuestionBench(service)) {
            bench.allAtOnceSeconds(warmup);
            QuestionBench.Work before = bench.work();
            double seconds = bench.allAtOnceSeconds(timed);
            double capacity = timed.size() / seconds;
            report.put("question_capacity_per_s", capacity);
            bench.work().sharesSince(before).forEach((part, share) -> report.put("question_share_" + part, share));

            LOG.info("Measuring question latency at {} questions/s", capacity / 2);
            before = bench.work();
            QuestionBench.Latencies paced = bench.pacedMs(timed, capacity / 2);
            bench.work().sharesSince(before).forEach((part, share) -> report.put("question_paced_share_" + part,
                    share));
            report.put("questions_per_s", capacity / 2)
                    .put("question_latency_p50_ms", Repeated.quantile(paced.total(), 0.5))
                    .put("question_latency_p99_ms", Repeated.quantile(paced.total(), 0.99))
                    .put("question_latency_to_batch_p99_ms", Repeated.quantile(paced.toBatch(), 0.99))
                    .put("question_latency_batch_to_read_p99_ms", Repeated.quantile(paced.batchToRead(), 0.99));

            LOG.info("Measuring POST /articles/{id}/questions with 1 and {} clients", HTTP_CLIENTS);
            bench.httpMs(warmup, 1);
            before = bench.work();
            double[] one = bench.httpMs(timed, 1);
            // one client asks one question after the other: the wall time is the time it waited (no commit here)
            bench.work().sharesSince(before).forEach((part, share) -> {
                if (!part.equals("commit")) {
                    report.put("http_question_share_" + part, share);
                }
            });
            report.put("http_question_p50_ms", Repeated.quantile(one, 0.5))
                    .put("http_question_p99_ms", Repeated.quantile(one, 0.99))
                    .put("http_question_retries", bench.httpRetries());
            List<QuestionBench.Asked> twice = new ArrayList<>(timed);
            twice.addAll(timed);
            double[] eight = bench.httpMs(twice, HTTP_CLIENTS);
            report.put("http_question_p50_ms_8_clients", Repeated.quantile(eight, 0.5))
                    .put("http_question_p99_ms_8_clients", Repeated.quantile(eight, 0.99))
                    .put("http_question_retries_8_clients", bench.httpRetries());
        }
    }
}
