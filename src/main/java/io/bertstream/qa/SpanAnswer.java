package io.bertstream.qa;

/**
 * One extractive answer, as Hugging Face's question-answering pipeline returns it:
 * {@code answer.equals(context.substring(start, end))}. The impossible answer is {@code start == end == 0}
 * with an empty {@code answer}.
 */
public record SpanAnswer(double score, int start, int end, String answer) {
}
