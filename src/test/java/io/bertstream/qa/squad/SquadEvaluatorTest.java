package io.bertstream.qa.squad;

import io.bertstream.qa.QaInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SquadEvaluatorTest {

    private static final String CONTEXT = "Super Bowl 50 was played at Levi's Stadium in Santa Clara, California.";

    private static SquadExample example(String question, String... golds) {
        return new SquadExample(question, question, CONTEXT, List.of(golds));
    }

    @Test
    void reportsPercentagesOverTheLimitedExamplesBatchByBatch() {
        List<SquadExample> examples = List.of(
                example("where exactly?", "Levi's Stadium"),
                example("which city?", "Santa Clara"),
                example("which state?", "California"),
                example("which game?", "Super Bowl 50"),
                example("not asked", "ignored"));
        // exact; contains gold with F1 0.8; wrong; exact after normalisation
        Map<String, String> answers = Map.of("where exactly?", "Levi's Stadium", "which city?",
                "Santa Clara California", "which state?", "Santa Clara", "which game?", "the Super Bowl 50.");
        List<Integer> batchSizes = new ArrayList<>();
        List<SquadReport> progress = new ArrayList<>();
        SquadEvaluator evaluator = new SquadEvaluator(batch -> {
            batchSizes.add(batch.size());
            return batch.stream().map(QaInput::question).map(answers::get).toList();
        }, 3);

        SquadReport report = evaluator.evaluate(examples, 4, progress::add);

        assertEquals(List.of(3, 1), batchSizes);
        assertEquals(4, report.count());
        assertEquals(50.0, report.exactMatch(), 1e-9);
        assertEquals(100.0 * (1 + 0.8 + 0 + 1) / 4, report.f1(), 1e-9);
        assertEquals(75.0, report.containsGold(), 1e-9);
        assertTrue(report.questionsPerSecond() > 0);
        assertEquals(List.of(3, 4), progress.stream().map(SquadReport::count).toList());
    }
}
