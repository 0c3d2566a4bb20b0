package io.bertstream.text;

import java.util.Set;
import java.util.TreeSet;

/** Boundary precision, recall and F1, pooled over documents (micro average). */
final class BoundaryScore {

    private long truePositives;
    private long falsePositives;
    private long falseNegatives;

    void add(Set<Integer> gold, Set<Integer> predicted) {
        TreeSet<Integer> hits = new TreeSet<>(predicted);
        hits.retainAll(gold);
        truePositives += hits.size();
        falsePositives += predicted.size() - hits.size();
        falseNegatives += gold.size() - hits.size();
    }

    double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    long goldBoundaries() {
        return truePositives + falseNegatives;
    }

    @Override
    public String toString() {
        return String.format("P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)", precision(), recall(), f1(),
                truePositives, falsePositives, falseNegatives);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1 : (double) a / b;
    }
}
