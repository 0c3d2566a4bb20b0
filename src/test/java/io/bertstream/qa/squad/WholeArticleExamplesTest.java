package io.bertstream.qa.squad;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WholeArticleExamplesTest {

    @Test
    void goldPositionsPointIntoTheJoinedArticle() throws Exception {
        Path file = Path.of("../shared/data/squad-v2.0-train-10-articles.json");
        assumeTrue(Files.exists(file), "needs " + file);
        SquadDataset data = SquadDataset.load(file).filter("IPod"::equals);
        List<SquadExample> paragraphs = data.examples();
        List<SquadExample> whole = data.wholeArticleExamples();
        assertEquals(paragraphs.size(), whole.size());
        int unanswerable = 0;
        for (SquadExample e : whole) {
            unanswerable += e.goldAnswers().isEmpty() ? 1 : 0;
            for (int g = 0; g < e.goldAnswers().size(); g++) {
                int start = e.goldStarts().get(g);
                assertEquals(e.goldAnswers().get(g), e.context().substring(start, start + e.goldAnswers().get(g).length()));
            }
        }
        assertEquals(paragraphs.stream().filter(e -> e.goldAnswers().isEmpty()).count(), unanswerable);
        assertEquals(1, whole.stream().map(SquadExample::context).distinct().count());
    }
}
