package io.bertstream.summarize;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.SummaryOptions;

import java.util.Locale;

import static io.bertstream.config.ConfigKeys.*;

/** Between the summary options of events and configuration and the resolved {@link SummaryConfig}. */
public final class SummaryOptionsMapping {

    private SummaryOptionsMapping() {
    }

    /** The service-wide defaults from the {@code summary.*} keys. */
    public static SummaryConfig defaultsFrom(BertstreamConfig c) {
        SummaryConfig defaults = new SummaryConfig(c.getOptionalInt(SUMMARY_NUM_SENTENCES), c.getDouble(SUMMARY_RATIO),
                c.getInt(SUMMARY_MIN_LENGTH), c.getInt(SUMMARY_MAX_LENGTH), c.getBoolean(SUMMARY_USE_FIRST),
                algorithm(c.require(SUMMARY_ALGORITHM)), c.getBoolean(SUMMARY_OPTIMAL_K), c.getInt(SUMMARY_K_MAX),
                c.getLong(SUMMARY_RANDOM_STATE));
        String invalid = SummaryOptionRanges.violations(toEvent(defaults));
        if (invalid != null) {
            throw new IllegalArgumentException("summary.* defaults out of range: " + invalid);
        }
        return defaults;
    }

    /**
     * The defaults overridden by an article's own options (null fields keep the default). A per-article
     * {@code ratio} without {@code numSentences} means "use the ratio", as in bert-extractive-summarizer.
     */
    public static SummaryConfig resolve(SummaryConfig d, SummaryOptions o) {
        if (o == null) {
            return d;
        }
        Integer numSentences = o.getNumSentences() != null ? o.getNumSentences()
                : o.getRatio() != null ? null : d.numSentences();
        return new SummaryConfig(numSentences, or(o.getRatio(), d.ratio()), or(o.getMinLength(), d.minLength()),
                or(o.getMaxLength(), d.maxLength()), or(o.getUseFirst(), d.useFirst()),
                o.getAlgorithm() == null ? d.algorithm() : algorithm(o.getAlgorithm()),
                or(o.getOptimalK(), d.optimalK()), or(o.getKMax(), d.kMax()), or(o.getRandomState(), d.randomState()));
    }

    /** The options actually used, every field set (numSentences null when the ratio decided). */
    public static SummaryOptions toEvent(SummaryConfig c) {
        return SummaryOptions.newBuilder()
                .setNumSentences(c.numSentences())
                .setRatio(c.ratio())
                .setMinLength(c.minLength())
                .setMaxLength(c.maxLength())
                .setUseFirst(c.useFirst())
                .setAlgorithm(c.algorithm().name().toLowerCase(Locale.ROOT))
                .setOptimalK(c.optimalK())
                .setKMax(c.kMax())
                .setRandomState(c.randomState())
                .build();
    }

    public static SummaryConfig.Algorithm algorithm(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "kmeans" -> SummaryConfig.Algorithm.KMEANS;
            case "gmm" -> SummaryConfig.Algorithm.GMM;
            default -> throw new IllegalArgumentException("summary algorithm must be kmeans or gmm, not " + name);
        };
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
