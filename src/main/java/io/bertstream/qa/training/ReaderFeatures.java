package io.bertstream.qa.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.ReadingContext;
import io.bertstream.qa.SentenceRetriever;
import io.bertstream.qa.TrainingWindows;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the reader's training windows with the serving code itself, so training sees exactly what serving reads:
 * each paragraph is split by {@link SentenceSplitter} and embedded by the sentence encoder, each question retrieves
 * its candidate sentences with {@link SentenceRetriever}, and {@link ReadingContext#around} and the span engine's
 * tokenizer build the windows. A window holding the gold answer is a positive; the other windows teach the
 * [CLS] "no answer here" target (a seeded share of them is kept). When retrieval misses the gold sentence, the
 * context around it is added, so every answerable question has a positive.
 *
 * <p>One JSON object per line: {@code {"ids", "types", "ctx": [from, to], "start", "end"}} (window positions).
 */
public final class ReaderFeatures {

    /** Settings of the feature writer: retrieval as served, and the share of negative windows kept. */
    public record Settings(int candidates, int neighbours, double negativeShare, long seed) {
    }

    /** What was written. */
    public record Counts(int questions, int positives, int negatives, int unanswerable, int retrievalMisses,
                         long tokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SentenceEncoder encoder;
    private final TrainingWindows windows;
    private final Settings settings;

    public ReaderFeatures(SentenceEncoder encoder, TrainingWindows windows, Settings settings) {
        this.encoder = encoder;
        this.windows = windows;
        this.settings = settings;
    }

    /** Writes the windows of every question of {@code data} (at most {@code maxQuestions}) to {@code out}. */
    public Counts write(SquadDataset data, Path out, int maxQuestions) throws IOException {
        Random random = new Random(settings.seed());
        int questions = 0;
        int positives = 0;
        int negatives = 0;
        int unanswerable = 0;
        int misses = 0;
        long tokens = 0;
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (SquadDataset.Article article : data.articles()) {
                for (SquadDataset.Paragraph paragraph : article.paragraphs()) {
                    if (questions >= maxQuestions) {
                        return new Counts(questions, positives, negatives, unanswerable, misses, tokens);
                    }
                    String text = paragraph.context();
                    List<Sentence> sentences = SentenceSplitter.split(text);
                    if (sentences.isEmpty()) {
                        continue;
                    }
                    float[][] embeddings = encoder.encode(sentences.stream().map(Sentence::text).toList());
                    List<SquadDataset.Question> asked = paragraph.questions()
                            .subList(0, Math.min(paragraph.questions().size(), maxQuestions - questions));
                    float[][] questionEmbeddings = encoder.encode(asked.stream().map(SquadDataset.Question::question).toList());
                    for (int q = 0; q < asked.size(); q++) {
                        SquadDataset.Question question = asked.get(q);
                        questions++;
                        int[] ranked = SentenceRetriever.topK(questionEmbeddings[q], embeddings, settings.candidates());
                        List<ReadingContext> contexts = new ArrayList<>(
                                ReadingContext.around(sentences, ranked, settings.neighbours()));
                        int goldStart = -1;
                        int goldEnd = -1;
                        if (question.answers().isEmpty()) {
                            unanswerable++;
                        } else {
                            SquadDataset.Answer gold = question.answers().get(0);
                            goldStart = gold.answerStart();
                            goldEnd = goldStart + gold.text().length();
                            int from = goldStart;
                            int to = goldEnd;
                            if (contexts.stream().noneMatch(c -> c.contains(from, to))) {
                                misses++;
                                contexts.add(aroundGold(sentences, from, to));
                            }
                        }
                        for (TrainingWindows.TrainingWindow w
                                : windows.of(question.question(), text, contexts, goldStart, goldEnd)) {
                            boolean positive = w.start() != 0;
                            if (!positive && goldStart >= 0 && random.nextDouble() >= settings.negativeShare()) {
                                continue;
                            }
                            if (positive) {
                                positives++;
                            } else {
                                negatives++;
                            }
                            tokens += w.inputIds().length;
                            writer.write(line(w));
                            writer.newLine();
                        }
                    }
                }
            }
        }
        return new Counts(questions, positives, negatives, unanswerable, misses, tokens);
    }

    /** The sentences covering the gold characters, widened by the served number of neighbours. */
    private ReadingContext aroundGold(List<Sentence> sentences, int from, int to) {
        int first = 0;
        int last = sentences.size() - 1;
        for (Sentence s : sentences) {
            if (s.end() <= from) {
                first = s.index() + 1;
            }
            if (s.start() < to) {
                last = s.index();
            }
        }
        first = Math.min(first, last);
        int[] covering = new int[last - first + 1];
        for (int i = 0; i < covering.length; i++) {
            covering[i] = first + i;
        }
        return ReadingContext.around(sentences, covering, settings.neighbours()).get(0);
    }

    private static String line(TrainingWindows.TrainingWindow w) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.set("ids", JSON.valueToTree(w.inputIds()));
        node.set("types", JSON.valueToTree(w.typeIds()));
        node.set("ctx", JSON.valueToTree(new int[] {w.contextFrom(), w.contextTo()}));
        node.put("start", w.start());
        node.put("end", w.end());
        return JSON.writeValueAsString(node);
    }
}
