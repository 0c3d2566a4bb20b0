package io.bertstream.qa.squad;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the shared SQuAD v1.1 dev set. */
class SquadDatasetTest {

    private static final Path DEV_SET = Path.of("..", "shared", "data", "squad-v1.1-dev.json");

    @Test
    void loadsTheWholeDevSet() throws IOException {
        assumeTrue(Files.isReadable(DEV_SET), "the shared SQuAD dev set is not on this machine");
        SquadDataset dataset = SquadDataset.load(DEV_SET);

        assertEquals(48, dataset.articles().size());
        assertEquals(10_570, dataset.questionCount());
        List<SquadExample> examples = dataset.examples();
        assertEquals(10_570, examples.size());

        SquadDataset.Article first = dataset.articles().get(0);
        assertEquals("Super_Bowl_50", first.title());
        SquadDataset.Question question = first.paragraphs().get(0).questions().get(0);
        assertEquals("56be4db0acb8001400a502ec", question.id());
        assertEquals("Which NFL team represented the AFC at Super Bowl 50?", question.question());
        assertEquals(new SquadDataset.Answer("Denver Broncos", 177), question.answers().get(0));

        SquadExample example = examples.get(0);
        assertEquals(List.of("Denver Broncos", "Denver Broncos", "Denver Broncos"), example.goldAnswers());
        assertEquals("Denver Broncos", example.context().substring(177, 177 + "Denver Broncos".length()));
    }
}
