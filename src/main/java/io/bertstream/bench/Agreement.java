package io.bertstream.bench;

import io.bertstream.summarize.ExtractiveSummarizer;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.text.Sentence;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How closely two encoders agree: per-sentence cosine, and whether they lead to the same summaries. */
final class Agreement {

    /** Minimum, mean and the index of the minimum of a set of values. */
    record Stats(double min, double mean, int argMin) {
    }

    /**
     * Share of articles whose summaries chose identical sentences, the mean Jaccard index of the choices, the mean
     * number of sentences of the first summary missing from the second, and the share of articles whose summaries
     * differ by exactly one such sentence.
     */
    record SummaryAgreement(double identicalShare, double meanJaccard, double meanReplaced, double oneReplacedShare) {
    }

    private Agreement() {
    }

    /** Cosine of row i of {@code a} with row i of {@code b}, for every i. */
    static Stats cosines(float[][] a, float[][] b) {
        double[] cosines = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            cosines[i] = cosine(a[i], b[i]);
        }
        return stats(cosines);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * Summarises every article with each set of embeddings (rows of the articles' sentences, concatenated in
     * article order) and compares the chosen sentence indices.
     */
    static SummaryAgreement summaries(List<BenchCorpus.BenchArticle> articles, float[][] first, float[][] second,
                           SummaryConfig config) {
        return summaries(articles, first, config, second, config);
    }

    /** The same with each set of embeddings summarised under its own options (e.g. another random state). */
    static SummaryAgreement summaries(List<BenchCorpus.BenchArticle> articles, float[][] first,
                                      SummaryConfig firstConfig, float[][] second, SummaryConfig secondConfig) {
        int identical = 0;
        int oneReplaced = 0;
        long replaced = 0;
        double[] jaccard = new double[articles.size()];
        int offset = 0;
        for (int i = 0; i < articles.size(); i++) {
            List<Sentence> sentences = articles.get(i).sentences();
            int end = offset + sentences.size();
            Set<Integer> a = chosen(sentences, Arrays.copyOfRange(first, offset, end), firstConfig);
            Set<Integer> b = chosen(sentences, Arrays.copyOfRange(second, offset, end), secondConfig);
            identical += a.equals(b) ? 1 : 0;
            jaccard[i] = jaccard(a, b);
            Set<Integer> missing = new HashSet<>(a);
            missing.removeAll(b);
            replaced += missing.size();
            oneReplaced += missing.size() == 1 ? 1 : 0;
            offset = end;
        }
        return new SummaryAgreement((double) identical / articles.size(), stats(jaccard).mean(),
                (double) replaced / articles.size(), (double) oneReplaced / articles.size());
    }

    /** Mean of the agreements over several pairs. */
    static SummaryAgreement mean(List<SummaryAgreement> agreements) {
        return new SummaryAgreement(average(agreements, SummaryAgreement::identicalShare),
                average(agreements, SummaryAgreement::meanJaccard), average(agreements, SummaryAgreement::meanReplaced),
                average(agreements, SummaryAgreement::oneReplacedShare));
    }

    private static double average(List<SummaryAgreement> agreements,
                                  java.util.function.ToDoubleFunction<SummaryAgreement> figure) {
        return agreements.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private static Set<Integer> chosen(List<Sentence> sentences, float[][] embeddings, SummaryConfig config) {
        Set<Integer> indices = new HashSet<>();
        ExtractiveSummarizer.select(sentences, embeddings, config).chosen().forEach(s -> indices.add(s.index()));
        return indices;
    }

    private static double jaccard(Set<Integer> a, Set<Integer> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<Integer> union = new HashSet<>(a);
        union.addAll(b);
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / union.size();
    }

    private static Stats stats(double[] values) {
        int argMin = -1;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            argMin = argMin < 0 || values[i] < values[argMin] ? i : argMin;
            sum += values[i];
        }
        return values.length == 0 ? new Stats(Double.NaN, Double.NaN, -1)
                : new Stats(values[argMin], sum / values.length, argMin);
    }
}
