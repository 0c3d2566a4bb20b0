package io.bertstream.qa.squad;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The official SQuAD metrics ({@code evaluate-v1.1.py}, and {@code evaluate-v2.0.py} for unanswerable questions):
 * answers are compared after {@link #normalizeAnswer normalisation}, and each prediction scores its best match over
 * the gold answers. An unanswerable question (no gold answers) has the single gold answer "": only an empty
 * prediction scores, 1 for both exact match and F1.
 */
public final class SquadMetrics {

    /** Python's {@code string.punctuation}. */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadMetrics() {
    }

    /** Lower-cases, removes punctuation, removes the articles a/an/the, and collapses white space. */
    public static String normalizeAnswer(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder withoutPunctuation = new StringBuilder(lower.length());
        lower.chars().filter(c -> PUNCTUATION.indexOf(c) < 0).forEach(c -> withoutPunctuation.append((char) c));
        String withoutArticles = ARTICLES.matcher(withoutPunctuation).replaceAll(" ");
        return String.join(" ", tokens(withoutArticles));
    }

    /** Whether the normalised texts are equal. */
    public static boolean exactMatch(String prediction, String gold) {
        return normalizeAnswer(prediction).equals(normalizeAnswer(gold));
    }

    /** Harmonic mean of token precision and recall of the normalised texts (0 when no token is shared). */
    public static double f1(String prediction, String gold) {
        List<String> predicted = tokens(normalizeAnswer(prediction));
        List<String> expected = tokens(normalizeAnswer(gold));
        if (predicted.isEmpty() || expected.isEmpty()) {
            // evaluate-v2.0.py: if either is no-answer, F1 is 1 if they agree, 0 otherwise
            return predicted.equals(expected) ? 1 : 0;
        }
        Map<String, Integer> goldCounts = new HashMap<>();
        expected.forEach(token -> goldCounts.merge(token, 1, Integer::sum));
        int shared = 0;
        for (String token : predicted) {
            // multiset intersection, like Counter(prediction) & Counter(gold)
            if (goldCounts.getOrDefault(token, 0) > 0) {
                goldCounts.merge(token, -1, Integer::sum);
                shared++;
            }
        }
        if (shared == 0) {
            return 0;
        }
        double precision = (double) shared / predicted.size();
        double recall = (double) shared / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Exact match against the best of the gold answers ("" for an unanswerable question). */
    public static boolean exactMatch(String prediction, Collection<String> golds) {
        return orNoAnswer(golds).stream().anyMatch(gold -> exactMatch(prediction, gold));
    }

    /** F1 against the best of the gold answers ("" for an unanswerable question). */
    public static double f1(String prediction, Collection<String> golds) {
        return orNoAnswer(golds).stream().mapToDouble(gold -> f1(prediction, gold)).max().orElse(0);
    }

    /**
     * Whether the normalised prediction contains some normalised gold answer as whole tokens (gold "1" is not in
     * "1990"): a looser, span-length-blind hit. For an unanswerable question, only an empty prediction hits.
     */
    public static boolean containsGold(String prediction, Collection<String> golds) {
        List<String> predicted = tokens(normalizeAnswer(prediction));
        return orNoAnswer(golds).stream().anyMatch(gold -> {
            List<String> expected = tokens(normalizeAnswer(gold));
            return expected.isEmpty() ? predicted.isEmpty() : Collections.indexOfSubList(predicted, expected) >= 0;
        });
    }

    private static Collection<String> orNoAnswer(Collection<String> golds) {
        return golds.isEmpty() ? List.of("") : golds;
    }

    private static List<String> tokens(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(WHITE_SPACE.split(trimmed));
    }
}
