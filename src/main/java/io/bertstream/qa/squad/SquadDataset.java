package io.bertstream.qa.squad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQuAD v1.1 or v2.0 file ({@code {"version", "data": [articles]}}) loaded into records; an unanswerable v2.0
 * question ({@code is_impossible}) has no answers.
 */
public final class SquadDataset {

    /** A gold answer: its text and where it starts in the paragraph (UTF-16 index). */
    public record Answer(String text, int answerStart) {
    }

    /** A question about a paragraph, with one or more gold answers. */
    public record Question(String id, String question, List<Answer> answers) {
    }

    /** A paragraph of an article and its questions. */
    public record Paragraph(String context, List<Question> questions) {
    }

    /** A Wikipedia article: its title and paragraphs. */
    public record Article(String title, List<Paragraph> paragraphs) {
    }

    private final List<Article> articles;

    private SquadDataset(List<Article> articles) {
        this.articles = List.copyOf(articles);
    }

    /** Reads a SQuAD v1.1 or v2.0 JSON file. */
    public static SquadDataset load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Article> articles = new ArrayList<>();
        for (JsonNode article : root.path("data")) {
            List<Paragraph> paragraphs = new ArrayList<>();
            for (JsonNode paragraph : article.path("paragraphs")) {
                paragraphs.add(new Paragraph(paragraph.path("context").asText(), questions(paragraph.path("qas"))));
            }
            articles.add(new Article(article.path("title").asText(), List.copyOf(paragraphs)));
        }
        return new SquadDataset(articles);
    }

    private static List<Question> questions(JsonNode qas) {
        List<Question> questions = new ArrayList<>();
        for (JsonNode qa : qas) {
            List<Answer> answers = new ArrayList<>();
            for (JsonNode answer : qa.path("answers")) {
                answers.add(new Answer(answer.path("text").asText(), answer.path("answer_start").asInt()));
            }
            questions.add(new Question(qa.path("id").asText(), qa.path("question").asText(), List.copyOf(answers)));
        }
        return List.copyOf(questions);
    }

    /** Several SQuAD files as one dataset, their articles in order. */
    public static SquadDataset loadAll(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no SQuAD files given");
        }
        List<Article> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(load(file).articles);
        }
        return new SquadDataset(all);
    }

    /** The articles whose titles {@code keep} accepts, in file order. */
    public SquadDataset filter(java.util.function.Predicate<String> keep) {
        return new SquadDataset(articles.stream().filter(article -> keep.test(article.title())).toList());
    }

    public List<Article> articles() {
        return articles;
    }

    /** Every question with its paragraph and gold answer texts, in file order. */
    public List<SquadExample> examples() {
        List<SquadExample> examples = new ArrayList<>();
        for (Article article : articles) {
            for (Paragraph paragraph : article.paragraphs()) {
                for (Question question : paragraph.questions()) {
                    List<String> gold = question.answers().stream().map(Answer::text).toList();
                    List<Integer> starts = question.answers().stream().map(Answer::answerStart).toList();
                    examples.add(new SquadExample(question.id(), question.question(), paragraph.context(), gold,
                            starts));
                }
            }
        }
        return examples;
    }

    /**
     * Every question with its whole article as the context (the paragraphs joined by blank lines, as an article
     * event would carry them), gold positions shifted to match; in file order.
     */
    public List<SquadExample> wholeArticleExamples() {
        List<SquadExample> examples = new ArrayList<>();
        for (Article article : articles) {
            StringBuilder body = new StringBuilder();
            List<Integer> offsets = new ArrayList<>();
            for (Paragraph paragraph : article.paragraphs()) {
                if (body.length() > 0) {
                    body.append("\n\n");
                }
                offsets.add(body.length());
                body.append(paragraph.context());
            }
            String text = body.toString();
            for (int p = 0; p < article.paragraphs().size(); p++) {
                int shift = offsets.get(p);
                for (Question question : article.paragraphs().get(p).questions()) {
                    List<String> gold = question.answers().stream().map(Answer::text).toList();
                    List<Integer> starts = question.answers().stream().map(a -> a.answerStart() + shift).toList();
                    examples.add(new SquadExample(question.id(), question.question(), text, gold, starts));
                }
            }
        }
        return examples;
    }

    public int questionCount() {
        return articles.stream().flatMap(article -> article.paragraphs().stream())
                .mapToInt(paragraph -> paragraph.questions().size()).sum();
    }
}
