package io.bertstream.chaos;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.qa.squad.SquadDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic inputs: SQuAD v1.1 dev paragraphs as article bodies and their questions, with known ids.
 * The file lives in the shared data folder beside the project ({@code ../shared/data}).
 */
final class SquadCorpus {

    static final Path DEFAULT_FILE = Path.of("..", "shared", "data", "squad-v1.1-dev.json");

    private final List<SquadDataset.Paragraph> paragraphs;

    private SquadCorpus(List<SquadDataset.Paragraph> paragraphs) {
        this.paragraphs = paragraphs;
    }

    static boolean available() {
        return Files.isRegularFile(DEFAULT_FILE);
    }

    static SquadCorpus load() {
        try {
            return new SquadCorpus(SquadDataset.load(DEFAULT_FILE).articles().stream()
                    .flatMap(a -> a.paragraphs().stream()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULT_FILE.toAbsolutePath(), e);
        }
    }

    /**
     * {@code articles} articles with ids {@code prefix-00000...} (paragraphs reused cyclically), and
     * {@code questions} questions spread over them round-robin, each question sent after its article.
     */
    Workload workload(String prefix, int articles, int questions) {
        List<Workload.Item> items = new ArrayList<>();
        List<List<Workload.Item>> questionsOf = new ArrayList<>();
        for (int i = 0; i < articles; i++) {
            questionsOf.add(new ArrayList<>());
        }
        int asked = 0;
        for (int round = 0; asked < questions; round++) {
            for (int i = 0; i < articles && asked < questions; i++) {
                List<SquadDataset.Question> qas = paragraph(i).questions();
                SquadDataset.Question q = qas.get((round) % qas.size());
                String id = String.format("%s-q%05d", prefix, asked++);
                questionsOf.get(i).add(Workload.Item.question(id, Question.newBuilder().setQuestionId(id)
                        .setArticleId(articleId(prefix, i)).setQuestion(q.question())
                        .setAskedAt(Instant.now()).build()));
            }
        }
        for (int i = 0; i < articles; i++) {
            String id = articleId(prefix, i);
            items.add(Workload.Item.article(id, Article.newBuilder().setId(id).setBody(paragraph(i).context()).build()));
            items.addAll(questionsOf.get(i));
        }
        return new Workload(items);
    }

    private SquadDataset.Paragraph paragraph(int i) {
        return paragraphs.get(i % paragraphs.size());
    }

    private static String articleId(String prefix, int i) {
        return String.format("%s-a%05d", prefix, i);
    }
}
