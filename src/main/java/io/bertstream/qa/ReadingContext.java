package io.bertstream.qa;

import io.bertstream.text.Sentence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A part of an article the reader reads for one question: sentences {@code firstSentence..lastSentence} (inclusive),
 * the characters {@code [start, end)} of the body.
 */
public record ReadingContext(int start, int end, int firstSentence, int lastSentence) {

    /**
     * The contexts around the retrieved sentences: each candidate widened by {@code neighbours} sentences on either
     * side, merged where they overlap or touch, in the order of their best-ranked candidate.
     *
     * @param ranked sentence indices, best first
     */
    public static List<ReadingContext> around(List<Sentence> sentences, int[] ranked, int neighbours) {
        record Range(int first, int last, int rank) {
        }
        List<Range> ranges = new ArrayList<>(ranked.length);
        for (int rank = 0; rank < ranked.length; rank++) {
            int i = ranked[rank];
            ranges.add(new Range(Math.max(0, i - neighbours), Math.min(sentences.size() - 1, i + neighbours), rank));
        }
        ranges.sort(Comparator.comparingInt(Range::first));
        List<Range> merged = new ArrayList<>();
        for (Range r : ranges) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new Range(last.first(), Math.max(last.last(), r.last()),
                        Math.min(last.rank(), r.rank())));
            } else {
                merged.add(r);
            }
        }
        merged.sort(Comparator.comparingInt(Range::rank));
        return merged.stream()
                .map(r -> new ReadingContext(sentences.get(r.first()).start(), sentences.get(r.last()).end(),
                        r.first(), r.last()))
                .toList();
    }

    /** The whole text as one context (no retrieval). */
    public static ReadingContext whole(String text) {
        return new ReadingContext(0, text.length(), -1, -1);
    }

    public boolean contains(int from, int to) {
        return start <= from && to <= end;
    }
}
