package io.bertstream.summarize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

import io.bertstream.text.Sentence;

/**
 * Picks summary sentences the way bert-extractive-summarizer does, with its reported bugs fixed: cluster the
 * candidate sentence embeddings into k groups and keep, per cluster, the candidate nearest to its centroid.
 *
 * <ul>
 *   <li>Candidates are the sentences with {@code minLength < text.strip().length() < maxLength}. If no sentence
 *       qualifies, all sentences are candidates, so a non-empty article never gets an empty summary. A sentence
 *       repeating an earlier candidate's text (same words after collapsing white space and folding case) is not
 *       a candidate, so no summary holds the same text twice.</li>
 *   <li>Without {@code useFirst}, with n candidates: {@code k = min(numSentences, n)} when {@code numSentences} is
 *       set, else {@code max((int) (n * ratio), 1)}; k is clamped to {@code [1, n]}.</li>
 *   <li>With {@code useFirst}, candidate 0 is always kept and the other n-1 are clustered with
 *       {@code k = numSentences - 1} or {@code max((int) ((n - 1) * ratio), 1)}, clamped to {@code [0, n - 1]}:
 *       {@code numSentences} sentences come out in total.</li>
 *   <li>With {@code optimalK}, k is instead {@link ClusterCount#optimalK} (best mean silhouette) of the clustered points with
 *       {@code kMax}.</li>
 *   <li>For each centroid in order, the nearest (Euclidean) clustered candidate not yet taken is picked, so
 *       exactly k distinct sentences come out even when sentences repeat.</li>
 * </ul>
 */
public final class ExtractiveSummarizer {

    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Z}\u200B\uFEFF]+");

    private ExtractiveSummarizer() {
    }

    /**
     * Chooses the summary sentences.
     *
     * @param sentences  the sentences of the article, in order
     * @param embeddings {@code embeddings[i]} is the unit-length embedding of {@code sentences.get(i)}
     * @param cfg        summary options; a null algorithm means k-means
     * @return the chosen sentences in document order, the number of clusters and the number of candidates
     * @throws IllegalArgumentException if the embeddings do not match the sentences one to one or are ragged
     */
    public static SummarySelection select(List<Sentence> sentences, float[][] embeddings, SummaryConfig cfg) {
        if (embeddings.length != sentences.size()) {
            throw new IllegalArgumentException(
                    embeddings.length + " embeddings for " + sentences.size() + " sentences");
        }
        if (sentences.isEmpty()) {
            return new SummarySelection(List.of(), 0, 0);
        }
        List<Integer> candidates = candidates(sentences, cfg);
        int n = candidates.size();
        List<Integer> clustered = cfg.useFirst() ? candidates.subList(1, n) : candidates;
        double[][] points = rows(embeddings, clustered);
        if (points.length > 0) {
            ClusterVectors.requireValid(points, 1);
        }
        int k = clusterCount(points, n, cfg);

        List<Integer> picked = new ArrayList<>();
        if (cfg.useFirst()) {
            picked.add(candidates.get(0));
        }
        for (int point : pickNearest(points, k, cfg)) {
            picked.add(clustered.get(point));
        }
        picked.sort(null);
        return new SummarySelection(picked.stream().map(sentences::get).toList(), k, n);
    }

    /**
     * Positions of the candidate sentences (all sentences when none has an acceptable length), each text once: a
     * sentence whose text, with white space collapsed and case folded, equals an earlier one's is left out.
     */
    static List<Integer> candidates(List<Sentence> sentences, SummaryConfig cfg) {
        List<Integer> candidates = firstOccurrences(sentences, i -> {
            int length = sentences.get(i).text().strip().length();
            return cfg.minLength() < length && length < cfg.maxLength();
        });
        return candidates.isEmpty() ? firstOccurrences(sentences, i -> true) : candidates;
    }

    private static List<Integer> firstOccurrences(List<Sentence> sentences, IntPredicate eligible) {
        List<Integer> positions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (eligible.test(i) && seen.add(normalized(sentences.get(i).text()))) {
                positions.add(i);
            }
        }
        return positions;
    }

    /** The text as compared for repeats: white space runs as one space, lower case. */
    static String normalized(String text) {
        return WHITE_SPACE.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /**
     * What {@link #select} will cluster, without clustering: the number of clustered points and k (with
     * {@code optimalK}, the largest k it tries). For the cost of an article's options before any work.
     */
    public record Plan(int points, int k) {
    }

    /** The plan of {@link #select} for these sentences (embeddings are not needed to count). */
    public static Plan plan(List<Sentence> sentences, SummaryConfig cfg) {
        if (sentences.isEmpty()) {
            return new Plan(0, 0);
        }
        int n = candidates(sentences, cfg).size();
        int points = cfg.useFirst() ? n - 1 : n;
        if (points == 0) {
            return new Plan(0, 0);
        }
        int k = cfg.optimalK() ? Math.min(Math.max(cfg.kMax(), 1), points) : fixedCount(points, n, cfg);
        return new Plan(points, k);
    }

    /** Number of clusters for the clustered points, given n candidates in all. */
    private static int clusterCount(double[][] points, int n, SummaryConfig cfg) {
        if (points.length == 0) {
            return 0;
        }
        return cfg.optimalK() ? clamp(ClusterCount.optimalK(points, cfg.kMax(), cfg.randomState()), points.length, cfg)
                : fixedCount(points.length, n, cfg);
    }

    /** k from numSentences or the ratio, for {@code available} clustered points of n candidates. */
    private static int fixedCount(int available, int n, SummaryConfig cfg) {
        int k;
        if (cfg.numSentences() != null) {
            k = cfg.useFirst() ? cfg.numSentences() - 1 : Math.min(cfg.numSentences(), n);
        } else {
            k = Math.max((int) (available * cfg.ratio()), 1);
        }
        return clamp(k, available, cfg);
    }

    private static int clamp(int k, int available, SummaryConfig cfg) {
        // only useFirst may cluster nothing: its first sentence already makes the summary non-empty
        int least = cfg.useFirst() ? 0 : 1;
        return Math.max(least, Math.min(k, available));
    }

    /** For each centroid in order, the nearest point not taken before; k distinct point indices. */
    private static List<Integer> pickNearest(double[][] points, int k, SummaryConfig cfg) {
        List<Integer> picked = new ArrayList<>();
        if (k == 0) {
            return picked;
        }
        if (k == points.length) {
            // every point is its own cluster: all of them are picked whatever the centroids
            for (int i = 0; i < points.length; i++) {
                picked.add(i);
            }
            return picked;
        }
        boolean[] taken = new boolean[points.length];
        for (double[] centroid : centroids(points, k, cfg)) {
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < points.length; i++) {
                double distance = ClusterVectors.squaredDistance(points[i], centroid);
                if (!taken[i] && (best < 0 || distance < bestDistance)) {
                    best = i;
                    bestDistance = distance;
                }
            }
            taken[best] = true;
            picked.add(best);
        }
        return picked;
    }

    private static double[][] centroids(double[][] points, int k, SummaryConfig cfg) {
        if (cfg.algorithm() == SummaryConfig.Algorithm.GMM) {
            return GaussianMixture.fit(points, k, cfg.randomState()).means();
        }
        return KMeans.fit(points, k, cfg.randomState()).centroids();
    }

    private static double[][] rows(float[][] embeddings, List<Integer> positions) {
        float[][] selected = new float[positions.size()][];
        for (int i = 0; i < selected.length; i++) {
            selected[i] = embeddings[positions.get(i)];
        }
        return ClusterVectors.toDouble(selected);
    }
}
