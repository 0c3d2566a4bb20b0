package io.bertstream.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Boundary precision, recall and F1 and speed of the splitters evaluated for issue 12, on the labelled set of
 * {@link GoldSet}: the rules before issue 12, OpenNLP's English detector alone, and the splitter in use (rules
 * plus that model). Prints the figures quoted in docs/sentence-splitter.md.
 */
class SentenceSplitterEvaluationTest {

    /** The splitter in use must stay at least this good on the whole set (it scores higher today). */
    private static final double MIN_F1 = 0.97;

    private static List<GoldDocument> set;

    @BeforeAll
    static void load() throws IOException {
        List<GoldDocument> originals = new ArrayList<>(GoldSet.news());
        if (GoldSet.squadAvailable()) {
            originals.addAll(GoldSet.squad());
        }
        set = GoldSet.withVariants(originals);
    }

    private static Map<String, Function<String, List<Sentence>>> splitters() {
        Map<String, Function<String, List<Sentence>>> splitters = new LinkedHashMap<>();
        splitters.put("rules before issue 12", RulesBaselineSplitter::split);
        SentenceDetectorME openNlp = new SentenceDetectorME(TrainedBoundaries.model());
        splitters.put("OpenNLP en-ud-ewt alone", body -> sentences(body, openNlp.sentPosDetect(body)));
        splitters.put("rules + OpenNLP (in use)", SentenceSplitter::split);
        return splitters;
    }

    private static List<Sentence> sentences(String body, Span[] spans) {
        List<Sentence> sentences = new ArrayList<>(spans.length);
        for (Span span : spans) {
            sentences.add(new Sentence(sentences.size(), span.getStart(), span.getEnd(),
                    body.substring(span.getStart(), span.getEnd())));
        }
        return sentences;
    }

    private static BoundaryScore score(Function<String, List<Sentence>> splitter, List<GoldDocument> documents) {
        BoundaryScore score = new BoundaryScore();
        for (GoldDocument document : documents) {
            score.add(document.starts(), GoldDocument.startsOf(splitter.apply(document.body())));
        }
        return score;
    }

    /**
     * Sentences (gold count) per second of one thread's CPU time over the whole set, best of a few rounds after
     * warm-up; CPU time, so that other work on the machine does not count.
     */
    private static double sentencesPerSecond(Function<String, List<Sentence>> splitter) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sentences = set.stream().mapToLong(GoldDocument::sentenceCount).sum();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int repeat = 0; repeat < 20; repeat++) {
                set.forEach(document -> splitter.apply(document.body()));
            }
            best = Math.min(best, cpu.getCurrentThreadCpuTime() - start);
        }
        return 20.0 * sentences / (best / 1e9);
    }

    @Test
    void theSplitterInUseBeatsTheOldRulesAndOpenNlpAlone() {
        long originals = set.size() / 3;
        long goldSentences = set.stream().mapToLong(GoldDocument::sentenceCount).sum();
        System.out.printf("labelled set: %d documents (%d as written, each also wrapped at %d columns, and wrapped "
                        + "with CRLF), %d sentences, %d boundaries%n", set.size(), originals, GoldSet.WRAP_COLUMNS,
                goldSentences, goldSentences - set.size());
        Map<String, BoundaryScore> scores = new LinkedHashMap<>();
        splitters().forEach((name, splitter) -> {
            BoundaryScore all = score(splitter, set);
            scores.put(name, all);
            System.out.printf("%-26s all %s | as written F1 %.3f | wrapped F1 %.3f | wrapped CRLF F1 %.3f | "
                            + "%.0f sentences/s%n", name, all,
                    score(splitter, set.subList(0, (int) originals)).f1(),
                    score(splitter, set.subList((int) originals, (int) (2 * originals))).f1(),
                    score(splitter, set.subList((int) (2 * originals), set.size())).f1(),
                    sentencesPerSecond(splitter));
        });
        double inUse = scores.get("rules + OpenNLP (in use)").f1();
        assertTrue(inUse >= MIN_F1, () -> "F1 " + inUse);
        assertTrue(inUse > scores.get("rules before issue 12").f1());
        assertTrue(inUse > scores.get("OpenNLP en-ud-ewt alone").f1());
    }

    @Test
    void wrappingAndCrlfDoNotChangeTheSplitterInUse() {
        int originals = set.size() / 3;
        for (int i = 0; i < originals; i++) {
            GoldDocument written = set.get(i);
            assertEquals(GoldDocument.startsOf(SentenceSplitter.split(written.body())).size(),
                    GoldDocument.startsOf(SentenceSplitter.split(set.get(originals + i).body())).size(),
                    () -> "wrapped " + written.name());
        }
    }

    @Test
    void theSquadPartIsThere() {
        assumeTrue(GoldSet.squadAvailable(), "the shared SQuAD dev set is not on this machine");
        assertTrue(set.stream().anyMatch(d -> d.name().startsWith("Super_Bowl_50#")));
    }
}
