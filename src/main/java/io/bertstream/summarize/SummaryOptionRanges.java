package io.bertstream.summarize;

import io.bertstream.events.SummaryOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The documented ranges of the summary options (README, "Summary options"): an article whose own options leave
 * them is dead-lettered {@code invalid-options} with every violation named, and service defaults out of range
 * stop the start-up. The ranges bound what one article may ask for; the clustering work it asks for within them
 * is bounded by {@link ClusteringBudget}.
 */
public final class SummaryOptionRanges {

    public static final int MAX_NUM_SENTENCES = 1_000;
    public static final int MAX_K_MAX = 1_000;
    public static final int MAX_LENGTH_LIMIT = 1_000_000;

    private SummaryOptionRanges() {
    }

    /** What is out of range in {@code options} (null fields are not checked), or null when nothing is. */
    public static String violations(SummaryOptions options) {
        if (options == null) {
            return null;
        }
        List<String> wrong = new ArrayList<>();
        outside(wrong, "numSentences", options.getNumSentences(), 1, MAX_NUM_SENTENCES);
        if (options.getRatio() != null && !(options.getRatio() > 0 && options.getRatio() <= 1)) {
            wrong.add("ratio " + options.getRatio() + " is not in (0, 1]");
        }
        outside(wrong, "minLength", options.getMinLength(), 0, MAX_LENGTH_LIMIT);
        outside(wrong, "maxLength", options.getMaxLength(), 1, MAX_LENGTH_LIMIT);
        outside(wrong, "kMax", options.getKMax(), 1, MAX_K_MAX);
        String algorithm = options.getAlgorithm();
        if (algorithm != null && !List.of("kmeans", "gmm").contains(algorithm.toLowerCase(Locale.ROOT))) {
            wrong.add("algorithm '" + (algorithm.length() > 40 ? algorithm.substring(0, 40) + "..." : algorithm)
                    + "' is not kmeans or gmm");
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    private static void outside(List<String> wrong, String name, Integer value, int least, int most) {
        if (value != null && (value < least || value > most)) {
            wrong.add(name + " " + value + " is not in [" + least + ", " + most + "]");
        }
    }
}
