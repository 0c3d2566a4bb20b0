package io.bertstream.bench;

import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real text to benchmark on: articles (SQuAD paragraphs, or the paragraphs of a text file separated by blank
 * lines) taken in order until they hold at least the requested number of sentences, and those sentences.
 */
public record BenchCorpus(List<BenchArticle> articles, List<String> sentences) {

    /** One article: an id, its body and its sentences as {@link SentenceSplitter} cuts them. */
    public record BenchArticle(String id, String body, List<Sentence> sentences) {
        List<String> texts() {
            return sentences.stream().map(Sentence::text).toList();
        }
    }

    /** Paragraphs of a SQuAD v1.1 file, in file order. */
    public static BenchCorpus fromSquad(Path file, int minSentences) throws IOException {
        List<String> paragraphs = new ArrayList<>();
        for (SquadDataset.Article article : SquadDataset.load(file).articles()) {
            article.paragraphs().forEach(p -> paragraphs.add(p.context()));
        }
        return of(paragraphs, minSentences);
    }

    /** Whole articles of a SQuAD file: each article's paragraphs joined by blank lines, as the service stores them. */
    public static BenchCorpus wholeSquadArticles(Path file, int minSentences) throws IOException {
        List<String> articles = new ArrayList<>();
        for (SquadDataset.Article article : SquadDataset.load(file).articles()) {
            articles.add(String.join("\n\n", article.paragraphs().stream().map(SquadDataset.Paragraph::context)
                    .toList()));
        }
        return of(articles, minSentences);
    }

    /** Paragraphs (separated by blank lines) of a UTF-8 text file. */
    public static BenchCorpus fromText(Path file, int minSentences) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return of(List.of(text.split("\\R\\s*\\R")), minSentences);
    }

    static BenchCorpus of(List<String> paragraphs, int minSentences) {
        List<BenchArticle> articles = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (String paragraph : paragraphs) {
            if (sentences.size() >= minSentences) {
                break;
            }
            List<Sentence> split = SentenceSplitter.split(paragraph);
            if (split.isEmpty()) {
                continue;
            }
            BenchArticle article = new BenchArticle("p" + articles.size(), paragraph, split);
            articles.add(article);
            sentences.addAll(article.texts());
        }
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("The benchmark text has no sentences");
        }
        return new BenchCorpus(List.copyOf(articles), List.copyOf(sentences));
    }
}
