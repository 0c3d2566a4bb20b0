package io.bertstream.qa.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.ReadingContext;
import io.bertstream.qa.ReadingPlanner;
import io.bertstream.qa.SentenceRanker;
import io.bertstream.qa.SpanQaEngine;
import io.bertstream.qa.TrainingWindows;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.qa.squad.SquadExample;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the reader's training windows as the service reads: each question is asked about its <em>whole article</em>
 * (paragraphs joined as the service stores them, split and embedded by the service's own code), its contexts are
 * chosen by the served {@link ReadingPlanner} (same ranker, candidates, neighbours) with {@code hardNegatives} more
 * candidates, and the span engine's tokenizer cuts the windows ({@link TrainingWindows}). A window holding the gold
 * answer is a positive; every other window of the question is kept as a negative (mostly from other paragraphs:
 * the hard negatives retrieval confuses with the answer), so the question's windows form one group for a loss
 * normalised over all of them. When retrieval misses the gold sentence, the context around it is added, so every
 * answerable question has a positive.
 *
 * <p>One JSON object per line: {@code {"q", "ids", "types", "ctx": [from, to], "start", "end"}} (window positions;
 * {@code q} numbers the question, its windows are consecutive lines).
 */
public final class ReaderFeatures {

    /** Retrieval as served, plus the extra candidates read only in training (hard negatives). */
    public record Settings(SentenceRanker.Scorer scorer, int candidates, int neighbours, int hardNegatives) {
    }

    /** What was written. */
    public record Counts(int questions, int positives, int negatives, int unanswerable, int retrievalMisses,
                         long tokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUESTIONS_PER_CALL = 32;

    private final SentenceEncoder encoder;
    private final TrainingWindows windows;
    private final Settings settings;
    private final ReadingPlanner planner;

    public ReaderFeatures(SentenceEncoder encoder, TrainingWindows windows, Settings settings) {
        this.encoder = encoder;
        this.windows = windows;
        this.settings = settings;
        this.planner = new ReadingPlanner(encoder, new SentenceRanker(settings.scorer()),
                settings.candidates() == 0 ? 0 : settings.candidates() + settings.hardNegatives(), settings.neighbours());
    }

    /** Writes the windows of every question of {@code data} (at most {@code maxQuestions}) to {@code out}. */
    public Counts write(SquadDataset data, Path out, int maxQuestions) throws IOException {
        Tally tally = new Tally();
        Map<String, List<SquadExample>> byArticle = new LinkedHashMap<>();
        for (SquadExample e : data.wholeArticleExamples()) {
            byArticle.computeIfAbsent(e.context(), k -> new ArrayList<>()).add(e);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (Map.Entry<String, List<SquadExample>> article : byArticle.entrySet()) {
                ArticleState state = ContextAnswerer.stored(article.getKey(), encoder);
                List<Sentence> sentences = StoredArticles.sentences(state);
                List<SquadExample> examples = article.getValue();
                for (int from = 0; from < examples.size() && tally.questions < maxQuestions; from += QUESTIONS_PER_CALL) {
                    List<SquadExample> batch = examples.subList(from, Math.min(examples.size(),
                            Math.min(from + QUESTIONS_PER_CALL, from + maxQuestions - tally.questions)));
                    List<SpanQaEngine.Reading> readings = planner.readings(batch.stream()
                            .map(e -> new ArticleAnswerer.Asked(e.question(), state)).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        writeQuestion(writer, batch.get(i), readings.get(i), sentences, tally);
                    }
                }
            }
        }
        return tally.counts();
    }

    private void writeQuestion(BufferedWriter writer, SquadExample example, SpanQaEngine.Reading reading,
                               List<Sentence> sentences, Tally tally) throws IOException {
        int q = tally.questions++;
        List<ReadingContext> contexts = new ArrayList<>(reading.contexts());
        int goldStart = -1;
        int goldEnd = -1;
        if (example.goldStarts().isEmpty()) {
            tally.unanswerable++;
        } else {
            goldStart = example.goldStarts().get(0);
            goldEnd = goldStart + example.goldAnswers().get(0).length();
            int from = goldStart;
            int to = goldEnd;
            if (contexts.stream().noneMatch(c -> c.contains(from, to))) {
                tally.misses++;
                contexts.add(aroundGold(sentences, from, to));
            }
        }
        for (TrainingWindows.TrainingWindow w : windows.of(example.question(), reading.text(), contexts, goldStart, goldEnd)) {
            if (w.start() != 0) {
                tally.positives++;
            } else {
                tally.negatives++;
            }
            tally.tokens += w.inputIds().length;
            writer.write(line(q, w));
            writer.newLine();
        }
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

    private static String line(int question, TrainingWindows.TrainingWindow w) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("q", question);
        node.set("ids", JSON.valueToTree(w.inputIds()));
        node.set("types", JSON.valueToTree(w.typeIds()));
        node.set("ctx", JSON.valueToTree(new int[] {w.contextFrom(), w.contextTo()}));
        node.put("start", w.start());
        node.put("end", w.end());
        return JSON.writeValueAsString(node);
    }

    /** Running counts of the windows written. */
    private static final class Tally {
        int questions;
        int positives;
        int negatives;
        int unanswerable;
        int misses;
        long tokens;

        Counts counts() {
            return new Counts(questions, positives, negatives, unanswerable, misses, tokens);
        }
    }
}
