package io.bertstream.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.RetrieveReadAnswerer;
import io.bertstream.qa.squad.CoverageGrid;
import io.bertstream.qa.squad.NoAnswerCurve;
import io.bertstream.qa.squad.ReaderCoverage;
import io.bertstream.qa.squad.RetrievalRecall;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.qa.squad.SquadEvaluator;
import io.bertstream.qa.squad.SquadExample;
import io.bertstream.qa.squad.SquadReport;
import io.bertstream.qa.training.ReaderSplit;
import io.bertstream.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import static io.bertstream.config.ConfigKeys.QA_HANDLE_IMPOSSIBLE;
import static io.bertstream.config.ConfigKeys.QA_NO_ANSWER_THRESHOLD;
import static io.bertstream.config.ConfigKeys.QA_TOP_K;

/** {@code eval-qa}: the configured answerer on SQuAD-format files, with the official metrics. */
@Command(name = "eval-qa", mixinStandardHelpOptions = true,
        description = "Score the configured answerer on SQuAD v1.1/v2.0 files (unanswerable questions scored as in "
                + "the official v2.0 script): exact match, F1, the share of answers containing a gold answer (whole "
                + "tokens), retrieval recall at 1, 3 and 5 sentences, coverage (answers inside what the reader reads) "
                + "against reader windows per question, questions/s.")
public final class EvalQaCommand implements Callable<Integer> {

    private static final int[] RECALL_AT = {1, 3, 5};

    @Mixin
    ConfigOptions config;

    @Option(names = "--squad", description = "SQuAD JSON file (repeatable; default ../shared/data/squad-v1.1-dev.json, "
            + "or the split's files with --split).")
    List<Path> squad = new ArrayList<>();

    @Option(names = "--split", description = "Only the bundled reader's validation articles (" + ReaderSplit.RESOURCE
            + "), read from --data-dir: the articles it was not trained on.")
    boolean split;

    @Option(names = "--tuning", description = "Only the tuning articles (" + ReaderSplit.NEXT_RESOURCE + "): carved "
            + "from the training articles, where retrieval, recipe and thresholds are chosen.")
    boolean tuning;

    @Option(names = "--retrieval-only", description = "Skip the reader: retrieval recall and coverage only.")
    boolean retrievalOnly;

    @Option(names = "--coverage-grid", paramLabel = "CANDIDATES:NEIGHBOURS", description = "Instead of the scores: "
            + "coverage and reader windows per question for each scorer, 1..CANDIDATES candidates and 0..NEIGHBOURS "
            + "neighbours (how the retrieval defaults are chosen, on --tuning).")
    String coverageGrid;

    @Option(names = "--no-answer-curve", split = ",", paramLabel = "T,..", description = "Instead of the scores: "
            + "answerable EM/F1 and NO_ANSWER shares for each qa.no.answer.threshold T (the reader run once with the "
            + "impossible answer handled).")
    List<Double> noAnswerCurve;

    @Option(names = "--data-dir", defaultValue = "../shared/data", description = "Where --split finds its files (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--articles", split = ",", description = "Only these article titles (comma-separated).")
    Set<String> articles;

    @Option(names = "--exclude-articles", split = ",", description = "All but these article titles (comma-separated).")
    Set<String> excludeArticles;

    @Option(names = "--whole-articles", description = "Ask each question about its whole article (paragraphs joined by "
            + "blank lines, as the service stores it) instead of its paragraph: retrieval then picks among all of the "
            + "article's sentences.")
    boolean wholeArticles;

    @Option(names = "--limit", defaultValue = "2147483647", description = "Score only the first N questions.")
    int limit;

    @Option(names = "--batch-size", defaultValue = "32", description = "Questions per model call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print one JSON object instead of a table (and no progress).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        SquadDataset dataset = load();
        List<SquadExample> examples = wholeArticles ? dataset.wholeArticleExamples() : dataset.examples();
        examples = examples.subList(0, Math.min(limit, examples.size()));
        int total = examples.size();
        if (noAnswerCurve != null) {
            // the impossible answer first, then the best span: the reader's null and span scores of each question
            c = c.with(java.util.Map.of(QA_HANDLE_IMPOSSIBLE, "true", QA_TOP_K, "2", QA_NO_ANSWER_THRESHOLD, "-1e9"));
        }
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(c);
             ArticleAnswerer answerer = AnswererFactory.create(c, encoder)) {
            ContextAnswerer contexts = new ContextAnswerer(answerer, encoder);
            if (coverageGrid != null) {
                printGrid(encoder, contexts, examples);
                return 0;
            }
            if (noAnswerCurve != null) {
                printCurve(NoAnswerCurve.score(examples, contexts::answers, batchSize));
                return 0;
            }
            SquadReport report = new SquadReport(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            if (!retrievalOnly) {
                SquadEvaluator evaluator = new SquadEvaluator(contexts::answerTexts, batchSize);
                try (Progress progress = Progress.forCommand("eval-qa", "questions", total, json)) {
                    report = evaluator.evaluate(examples, total, so -> progress.update(so.count()));
                }
            }
            double[] recall = RetrievalRecall.measure(examples, RECALL_AT, encoder, AnswererFactory.ranker(c),
                    contexts, batchSize);
            ReaderCoverage coverage = answerer instanceof RetrieveReadAnswerer reader
                    ? ReaderCoverage.measure(examples, reader, contexts, batchSize)
                    : new ReaderCoverage(Double.NaN, Double.NaN);
            long unanswerable = examples.stream().filter(e -> e.goldAnswers().isEmpty()).count();
            print(answerer.name(), dataset.articles().size(), examples.size(), unanswerable, report, recall, coverage);
        }
        return 0;
    }

    private void printGrid(OnnxSentenceEncoder encoder, ContextAnswerer contexts, List<SquadExample> examples) {
        String[] limits = coverageGrid.split(":");
        try (io.bertstream.qa.SpanQaEngine reader = AnswererFactory.reader(config.load())) {
            for (CoverageGrid.Cell cell : CoverageGrid.measure(examples, encoder, reader, contexts,
                    Integer.parseInt(limits[0].trim()), Integer.parseInt(limits[1].trim()), batchSize)) {
                System.out.printf("%-8s candidates %d neighbours %d  coverage %5.1f %%  windows/question %.2f%n",
                        cell.scorer().name().toLowerCase(java.util.Locale.ROOT), cell.candidates(), cell.neighbours(),
                        cell.coverage().coverage(), cell.coverage().windowsPerQuestion());
            }
        }
    }

    private void printCurve(List<NoAnswerCurve.Scored> scored) {
        if (!json) {
            System.out.println("threshold  answerable EM  answerable F1  answerable NO_ANSWER  unanswerable NO_ANSWER");
        }
        for (double t : noAnswerCurve) {
            NoAnswerCurve.Point p = NoAnswerCurve.at(scored, t);
            if (json) {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                node.put("threshold", t);
                node.put("answerable_exact_match", p.answerableExactMatch());
                node.put("answerable_f1", p.answerableF1());
                node.put("answerable_no_answer", p.answerableNoAnswer());
                node.put("unanswerable_no_answer", p.unanswerableNoAnswer());
                System.out.println(node);
            } else {
                System.out.printf("%9s  %13.2f  %13.2f  %18.1f %%  %20.1f %%%n", t, p.answerableExactMatch(),
                        p.answerableF1(), p.answerableNoAnswer(), p.unanswerableNoAnswer());
            }
        }
    }

    private SquadDataset load() throws java.io.IOException {
        SquadDataset dataset;
        if (split && tuning) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--split and --tuning are exclusive: validation articles are never tuned on");
        }
        if (split) {
            ReaderSplit bundled = ReaderSplit.bundled();
            dataset = bundled.validation(squad.isEmpty() ? bundled.load(dataDir) : SquadDataset.loadAll(squad));
        } else if (tuning) {
            ReaderSplit next = ReaderSplit.next();
            dataset = next.tuning(squad.isEmpty() ? next.load(dataDir) : SquadDataset.loadAll(squad));
        } else {
            dataset = SquadDataset.loadAll(squad.isEmpty() ? List.of(Path.of("../shared/data/squad-v1.1-dev.json")) : squad);
        }
        if (articles != null) {
            dataset = dataset.filter(articles::contains);
        }
        if (excludeArticles != null) {
            dataset = dataset.filter(title -> !excludeArticles.contains(title));
        }
        return dataset;
    }

    private void print(String answerer, int articleCount, int questions, long unanswerable, SquadReport r,
                       double[] recall, ReaderCoverage coverage) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("answerer", answerer);
            node.put("articles", articleCount);
            node.put("questions", questions);
            node.put("unanswerable", unanswerable);
            node.put("exact_match", r.exactMatch());
            node.put("f1", r.f1());
            node.put("contains_gold", r.containsGold());
            for (int j = 0; j < RECALL_AT.length; j++) {
                node.put("retrieval_recall_at_" + RECALL_AT[j], recall[j]);
            }
            node.put("coverage", coverage.coverage());
            node.put("windows_per_question", coverage.windowsPerQuestion());
            node.put("questions_per_s", r.questionsPerSecond());
            System.out.println(node);
        } else {
            System.out.printf("answerer        %s%narticles        %d%nquestions       %d (%d unanswerable)%n"
                            + "exact match     %.2f%nF1              %.2f%ncontains gold   %.2f %%%n"
                            + "retrieval       recall@1 %.1f %%, @3 %.1f %%, @5 %.1f %%%n"
                            + "coverage        %.1f %% of answers inside what the reader reads, %.2f windows/question%n"
                            + "questions/s     %.1f%n",
                    answerer, articleCount, questions, unanswerable, r.exactMatch(), r.f1(), r.containsGold(),
                    recall[0], recall[1], recall[2], coverage.coverage(), coverage.windowsPerQuestion(),
                    r.questionsPerSecond());
        }
    }
}
