package io.bertstream.qa.training;

import io.bertstream.qa.squad.SquadDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled reader's split, the next reader's split, and their parts on the real SQuAD files. */
class ReaderSplitTest {

    private static final Path DATA = Path.of("../shared/data");

    @Test
    void theNextSplitValidatesOnAnArticleWithUnanswerableQuestionsAndTunesOnTrainingArticlesOnly() throws Exception {
        ReaderSplit bundled = ReaderSplit.bundled();
        ReaderSplit next = ReaderSplit.next();
        assertTrue(next.validation().containsAll(bundled.validation()));
        assertTrue(next.validation().contains("Spectre_(2015_film)"));
        assertTrue(bundled.tuning().isEmpty(), "the bundled reader trained on every non-validation article");
        // tuning articles were training articles of the bundled split too: no validation article is ever tuned on
        next.tuning().forEach(t -> assertFalse(bundled.validation().contains(t), t));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(DATA.resolve(next.files().get(0))),
                "SQuAD data not beside the project");
        SquadDataset all = next.load(DATA);
        SquadDataset training = next.training(all);
        SquadDataset tuning = next.tuning(all);
        SquadDataset validation = next.validation(all);
        assertEquals(all.articles().size(),
                training.articles().size() + tuning.articles().size() + validation.articles().size());
        assertTrue(unanswerable(validation) > 0, "validation has unanswerable questions");
        assertTrue(unanswerable(tuning) > 0, "tuning has unanswerable questions (the no-answer threshold)");
        // both articles with unanswerable questions are held out: training teaches [CLS] through its negative windows
        assertEquals(0, unanswerable(training));
    }

    @Test
    void anArticleInBothValidationAndTuningIsRefused() throws Exception {
        Path file = Files.createTempFile("split", ".json");
        Files.writeString(file, "{\"files\": [\"a.json\"], \"validation\": [\"A\"], \"tuning\": [\"A\"]}");
        assertThrows(java.io.IOException.class, () -> ReaderSplit.read(file));
    }

    private static long unanswerable(SquadDataset data) {
        return data.examples().stream().filter(e -> e.goldAnswers().isEmpty()).count();
    }
}
