package io.bertstream.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.qa.squad.SquadEvaluator;
import io.bertstream.qa.squad.SquadReport;
import io.bertstream.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code eval-qa}: the configured answerer on a SQuAD-format file, with the official metrics. */
@Command(name = "eval-qa", mixinStandardHelpOptions = true,
        description = "Score the configured answerer (span QA when qa.model.path is set, else sentence similarity) "
                + "on a SQuAD v1.1 file: exact match, F1, the share of answers containing a gold answer, questions/s.")
public final class EvalQaCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--squad", defaultValue = "../shared/data/squad-v1.1-dev.json",
            description = "SQuAD v1.1 JSON file (default ${DEFAULT-VALUE}).")
    Path squad;

    @Option(names = "--limit", defaultValue = "2147483647", description = "Score only the first N questions.")
    int limit;

    @Option(names = "--batch-size", defaultValue = "32", description = "Questions per model call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        SquadDataset dataset = SquadDataset.load(squad);
        int total = Math.min(limit, dataset.questionCount());
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(c);
             ArticleAnswerer answerer = AnswererFactory.create(c, encoder)) {
            ContextAnswerer contexts = new ContextAnswerer(answerer, encoder);
            SquadEvaluator evaluator = new SquadEvaluator(contexts::answerTexts, batchSize);
            SquadReport report;
            try (Progress progress = Progress.forCommand("eval-qa", "questions", total, json)) {
                report = evaluator.evaluate(dataset.examples(), limit, so -> progress.update(so.count()));
            }
            print(answerer.name(), report);
        }
        return 0;
    }

    private void print(String answerer, SquadReport r) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("answerer", answerer);
            node.put("questions", r.count());
            node.put("exact_match", r.exactMatch());
            node.put("f1", r.f1());
            node.put("contains_gold", r.containsGold());
            node.put("questions_per_s", r.questionsPerSecond());
            System.out.println(node);
        } else {
            System.out.printf("answerer        %s%nquestions       %d%nexact match     %.2f%nF1              %.2f%n"
                            + "contains gold   %.2f %%%nquestions/s     %.1f%n", answerer, r.count(), r.exactMatch(),
                    r.f1(), r.containsGold(), r.questionsPerSecond());
        }
    }
}
