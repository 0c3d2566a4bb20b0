package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code summary.optimal.k} on articles whose topic count is known: the first paragraphs of 3, 5 and 8 different
 * SQuAD dev articles joined into one body, embedded by the real MiniLM model. Each count is tried on three
 * choices of articles; the figures (k per case and method) are printed and quoted in the README. The silhouette
 * in use must miss the topic count by at most 2 in every case, and by less in total than the inertia-curve
 * methods.
 */
class OptimalKOnRealArticlesTest {

    private static final Path SQUAD_DEV = Path.of("..", "shared", "data", "squad-v1.1-dev.json");
    private static final int PARAGRAPHS_PER_ARTICLE = 2;
    private static final int[] TOPIC_COUNTS = {3, 5, 8};
    /** Different article choices per topic count: article i of choice c is number (c + i * stride) mod 48. */
    private static final int CHOICES = 3;
    private static final int K_MAX = SummaryConfig.defaults().kMax();
    private static final long SEED = SummaryConfig.defaults().randomState();

    private static OnnxSentenceEncoder encoder;
    private static SquadDataset squad;
    private static final Map<String, double[][]> EMBEDDED = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        assumeTrue(Files.isReadable(SQUAD_DEV), "the shared SQuAD dev set is not on this machine");
        squad = SquadDataset.load(SQUAD_DEV);
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    /** Candidate embeddings (the summary's own candidate rule) of {@code topics} joined articles. */
    private static double[][] joined(int topics, int choice) {
        return EMBEDDED.computeIfAbsent(topics + "/" + choice, key -> embedJoined(topics, choice));
    }

    private static double[][] embedJoined(int topics, int choice) {
        List<SquadDataset.Article> articles = squad.articles();
        int stride = articles.size() / topics;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < topics; i++) {
            SquadDataset.Article article = articles.get((choice + i * stride) % articles.size());
            for (int p = 0; p < PARAGRAPHS_PER_ARTICLE; p++) {
                body.append(article.paragraphs().get(p).context()).append("\n\n");
            }
        }
        List<Sentence> sentences = SentenceSplitter.split(body.toString());
        List<Sentence> candidates = new ArrayList<>();
        for (int index : ExtractiveSummarizer.candidates(sentences, SummaryConfig.defaults())) {
            candidates.add(sentences.get(index));
        }
        float[][] embeddings = encoder.encode(candidates.stream().map(Sentence::text).toList());
        double[][] points = new double[embeddings.length][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[embeddings[i].length];
            for (int d = 0; d < points[i].length; d++) {
                points[i][d] = embeddings[i][d];
            }
        }
        return points;
    }

    private static int error(ToIntFunction<double[][]> method, String name) {
        int totalError = 0;
        StringBuilder line = new StringBuilder(String.format("%-22s", name));
        for (int topics : TOPIC_COUNTS) {
            line.append(" | ").append(topics).append(" topics: k =");
            for (int choice = 0; choice < CHOICES; choice++) {
                int k = method.applyAsInt(joined(topics, choice));
                line.append(' ').append(k);
                totalError += Math.abs(k - topics);
            }
        }
        System.out.println(line.append(" | total |k - topics| = ").append(totalError));
        return totalError;
    }

    @Test
    void theSilhouetteFindsTheTopicCountBetterThanTheInertiaCurve() {
        int secondDifference = error(p -> InertiaCurveMethods.secondDifference(p, K_MAX, SEED),
                "second difference");
        int kneedle = error(p -> InertiaCurveMethods.kneedle(p, K_MAX, SEED), "kneedle");
        int silhouette = error(p -> ClusterCount.optimalK(p, K_MAX, SEED), "silhouette (in use)");
        assertTrue(silhouette < kneedle && silhouette < secondDifference,
                () -> "silhouette " + silhouette + ", kneedle " + kneedle + ", second difference " + secondDifference);
        for (int topics : TOPIC_COUNTS) {
            for (int choice = 0; choice < CHOICES; choice++) {
                int k = ClusterCount.optimalK(joined(topics, choice), K_MAX, SEED);
                assertTrue(Math.abs(k - topics) <= 2, topics + " topics, choice " + choice + ": k = " + k);
            }
        }
    }
}
