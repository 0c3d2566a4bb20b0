package io.bertstream.summarize;

/**
 * Resolved summary options (service defaults overridden per article), with the semantics of
 * bert-extractive-summarizer: a sentence is a candidate only if {@code minLength < stripped length < maxLength};
 * {@code numSentences} (when not null) wins over {@code ratio}; {@code optimalK} chooses k by the best mean
 * silhouette up to {@code kMax} ({@link ClusterCount}).
 */
public record SummaryConfig(Integer numSentences, double ratio, int minLength, int maxLength, boolean useFirst,
                            Algorithm algorithm, boolean optimalK, int kMax, long randomState) {

    public enum Algorithm { KMEANS, GMM }

    public static SummaryConfig defaults() {
        return new SummaryConfig(3, 0.2, 40, 600, true, Algorithm.KMEANS, false, 10, 12345L);
    }
}
