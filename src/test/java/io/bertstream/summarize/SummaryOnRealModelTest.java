package io.bertstream.summarize;

import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary selection on the bundled sample articles embedded by the real MiniLM model. */
class SummaryOnRealModelTest {

    private static OnnxSentenceEncoder encoder;
    private static String body;
    private static List<Sentence> sentences;
    private static float[][] embeddings;

    @BeforeAll
    static void embedSample() throws IOException {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
        try (InputStream in = SummaryOnRealModelTest.class.getResourceAsStream("/bertstream/samples/solar-farm.txt")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sentences = SentenceSplitter.split(body);
        embeddings = encoder.encode(sentences.stream().map(Sentence::text).toList());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static SummaryConfig config(Integer num, double ratio, boolean useFirst, SummaryConfig.Algorithm algorithm,
                                        boolean optimalK) {
        return new SummaryConfig(num, ratio, 40, 600, useFirst, algorithm, optimalK, 6, 12345L);
    }

    private static List<Integer> indices(SummarySelection s) {
        return s.chosen().stream().map(Sentence::index).toList();
    }

    @Test
    void theSampleHasTenCandidateSentences() {
        assertEquals(10, sentences.size());
        sentences.forEach(s -> assertEquals(s.text(), body.substring(s.start(), s.end())));
    }

    @Test
    void sameArticleSameSeedSameSummaryAcrossEmbeddingRuns() {
        float[][] again = encoder.encode(sentences.stream().map(Sentence::text).toList());
        SummaryConfig c = config(4, 0.2, false, SummaryConfig.Algorithm.KMEANS, false);
        assertEquals(indices(ExtractiveSummarizer.select(sentences, embeddings, c)),
                indices(ExtractiveSummarizer.select(sentences, again, c)));
    }

    @Test
    void useFirstWithThreeSentencesGivesExactlyThreeStartingWithTheLede() {
        SummarySelection s = ExtractiveSummarizer.select(sentences, embeddings,
                config(3, 0.2, true, SummaryConfig.Algorithm.KMEANS, false));
        assertEquals(3, s.chosen().size());
        assertEquals(0, s.chosen().get(0).index());
        assertEquals(2, s.k());
    }

    @Test
    void numSentencesIsExactAndOutputIsInDocumentOrder() {
        for (int n = 1; n <= 10; n++) {
            List<Integer> chosen = indices(ExtractiveSummarizer.select(sentences, embeddings,
                    config(n, 0.2, false, SummaryConfig.Algorithm.KMEANS, false)));
            assertEquals(n, chosen.size(), "num_sentences=" + n);
            assertEquals(chosen.stream().sorted().distinct().toList(), chosen, "document order, distinct");
        }
    }

    @Test
    void ratioKeepsTheLedePlusThatShareOfTheRest() {
        SummarySelection s = ExtractiveSummarizer.select(sentences, embeddings,
                config(null, 0.3, true, SummaryConfig.Algorithm.KMEANS, false));
        // 10 candidates: 1 + max(int(9 * 0.3), 1) = 3
        assertEquals(3, s.chosen().size());
    }

    @Test
    void gaussianMixtureGivesTheRequestedCount() {
        SummarySelection s = ExtractiveSummarizer.select(sentences, embeddings,
                config(4, 0.2, false, SummaryConfig.Algorithm.GMM, false));
        assertEquals(4, s.chosen().size());
    }

    @Test
    void optimalKChoosesWithinRange() {
        SummarySelection s = ExtractiveSummarizer.select(sentences, embeddings,
                config(null, 0.2, false, SummaryConfig.Algorithm.KMEANS, true));
        assertTrue(s.k() >= 1 && s.k() <= 6, "k=" + s.k());
        assertEquals(s.k(), s.chosen().size());
    }

    @Test
    void oneSentenceArticleIsItsOwnSummary() {
        List<Sentence> one = sentences.subList(0, 1);
        SummarySelection s = ExtractiveSummarizer.select(one, new float[][]{embeddings[0]},
                config(3, 0.2, true, SummaryConfig.Algorithm.KMEANS, false));
        assertEquals(List.of(0), indices(s));
    }

    @Test
    void aRepeatedSentenceIsInTheSummaryOnceAtItsFirstOccurrence() {
        // the article again, hard-wrapped and in upper case: the same sentences for a reader
        String again = wrapped(body.toUpperCase(java.util.Locale.ROOT), 60);
        List<Sentence> twice = SentenceSplitter.split(body + "\n\n" + again);
        assertEquals(2 * sentences.size(), twice.size());
        float[][] e = encoder.encode(twice.stream().map(Sentence::text).toList());
        SummarySelection s = ExtractiveSummarizer.select(twice, e,
                config(12, 0.2, false, SummaryConfig.Algorithm.KMEANS, false));
        assertEquals(sentences.size(), s.chosen().size(), "one pick per distinct text");
        assertTrue(s.chosen().stream().allMatch(c -> c.index() < sentences.size()), "first occurrences only");
        assertEquals(sentences.size(), s.candidateCount());
    }

    /** Greedy wrapping: a space becomes a line break wherever the line would grow past {@code columns}. */
    private static String wrapped(String text, int columns) {
        StringBuilder out = new StringBuilder(text);
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == ' ') {
                lastSpace = i;
            }
            if (i - lineStart >= columns && lastSpace > lineStart) {
                out.setCharAt(lastSpace, '\n');
                lineStart = lastSpace + 1;
            }
        }
        return out.toString();
    }
}
