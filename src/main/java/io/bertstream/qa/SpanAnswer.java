package io.bertstream.qa;

/**
 * One extractive answer, as Hugging Face's question-answering pipeline returns it:
 * {@code answer.equals(text.substring(start, end))}. The impossible answer is {@code start == end == 0}
 * with an empty {@code answer}. {@code context} is the supporting sentence(s), {@code text.substring(contextStart,
 * contextEnd)}; empty (0, 0) when not known.
 */
public record SpanAnswer(double score, int start, int end, String answer, String context, int contextStart,
                         int contextEnd) {

    /** An answer without its supporting context. */
    public SpanAnswer(double score, int start, int end, String answer) {
        this(score, start, end, answer, "", 0, 0);
    }

    public boolean isImpossible() {
        return start == 0 && end == 0 && answer.isEmpty();
    }

    /** This answer with the characters {@code [from, to)} of {@code text} as its supporting context. */
    public SpanAnswer withContext(String text, int from, int to) {
        return new SpanAnswer(score, start, end, answer, text.substring(from, to), from, to);
    }

    /** This answer with another score. */
    SpanAnswer withScore(double newScore) {
        return new SpanAnswer(newScore, start, end, answer, context, contextStart, contextEnd);
    }
}
