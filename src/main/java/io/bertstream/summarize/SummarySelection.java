package io.bertstream.summarize;

import java.util.List;

import io.bertstream.text.Sentence;

/**
 * The sentences picked for a summary.
 *
 * @param chosen         the picked sentences in document order (never empty for a non-empty article)
 * @param k              number of clusters used; with {@code useFirst} the forced first sentence is not counted,
 *                       so {@code chosen.size() == k + 1} then, and {@code k} otherwise
 * @param candidateCount number of candidate sentences the choice was made from
 */
public record SummarySelection(List<Sentence> chosen, int k, int candidateCount) {

    public SummarySelection {
        chosen = List.copyOf(chosen);
    }
}
