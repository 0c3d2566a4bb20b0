package io.bertstream.qa;

import io.bertstream.state.ArticleState;

import java.util.List;

/** Answers questions about stored articles, many at once (one batch through the model). */
public interface ArticleAnswerer extends AutoCloseable {

    /** A question about a stored, live article. */
    record Asked(String question, ArticleState article) {
    }

    /** Name carried on Answer events. */
    String name();

    /**
     * For each question, its answers best first (at most top_k); an empty list means no answer was found.
     * Offsets are into the article body: {@code body.substring(start, end).equals(answer)}.
     */
    List<List<SpanAnswer>> answer(List<Asked> questions);

    /** Work of the answerer's own model (calls, windows, real and padded tokens), when it has one. */
    default java.util.Optional<io.bertstream.inference.InferenceStats> modelStats() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}
