package io.bertstream.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.ContextAnswerer;
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

/** {@code eval-qa}: the configured answerer on SQuAD-format files, with the official metrics. */
@Command(name = "eval-qa", mixinStandardHelpOptions = true,
        description = "Score the configured answerer on SQuAD v1.1/v2.0 files (unanswerable questions scored as in "
                + "the official v2.0 script): exact match, F1, the share of answers containing a gold answer (whole "
                + "tokens), retrieval recall at 1, 3 and 5 sentences, questions/s.")
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
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(c);
             ArticleAnswerer answerer = AnswererFactory.create(c, encoder)) {
            ContextAnswerer contexts = new ContextAnswerer(answerer, encoder);
            SquadEvaluator evaluator = new SquadEvaluator(contexts::answerTexts, batchSize);
            SquadReport report;
            try (Progress progress = Progress.forCommand("eval-qa", "questions", total, json)) {
                report = evaluator.evaluate(examples, total, so -> progress.update(so.count()));
            }
            double[] recall = RetrievalRecall.measure(examples, RECALL_AT, encoder, contexts, batchSize);
            long unanswerable = examples.stream().filter(e -> e.goldAnswers().isEmpty()).count();
            print(answerer.name(), dataset.articles().size(), unanswerable, report, recall);
        }
        return 0;
    }

    private SquadDataset load() throws java.io.IOException {
        SquadDataset dataset;
        if (split) {
            ReaderSplit bundled = ReaderSplit.bundled();
            dataset = bundled.validation(squad.isEmpty() ? bundled.load(dataDir) : SquadDataset.loadAll(squad));
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

    private void print(String answerer, int articleCount, long unanswerable, SquadReport r, double[] recall) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("answerer", answerer);
            node.put("articles", articleCount);
            node.put("questions", r.count());
            node.put("unanswerable", unanswerable);
            node.put("exact_match", r.exactMatch());
            node.put("f1", r.f1());
            node.put("contains_gold", r.containsGold());
            for (int j = 0; j < RECALL_AT.length; j++) {
                node.put("retrieval_recall_at_" + RECALL_AT[j], recall[j]);
            }
            node.put("questions_per_s", r.questionsPerSecond());
            System.out.println(node);
        } else {
            System.out.printf("answerer        %s%narticles        %d%nquestions       %d (%d unanswerable)%n"
                            + "exact match     %.2f%nF1              %.2f%ncontains gold   %.2f %%%n"
                            + "retrieval       recall@1 %.1f %%, @3 %.1f %%, @5 %.1f %%%nquestions/s     %.1f%n",
                    answerer, articleCount, r.count(), unanswerable, r.exactMatch(), r.f1(), r.containsGold(),
                    recall[0], recall[1], recall[2], r.questionsPerSecond());
        }
    }
}
