package io.bertstream.qa;

import java.util.Optional;

/**
 * The bound on a question's length ({@code questions.max.tokens}), checked on both paths (HTTP: 413, Kafka: dead
 * letter {@code question-too-long}) before any model time. It counts BERT's basic tokens (runs of letters and
 * digits, and each punctuation mark), which word pieces can only outnumber, stopping at the limit; and it refuses
 * more than {@value #MAX_CHARS_PER_TOKEN} characters a token (a longer word is one unknown token to the
 * tokenizer) without looking at them. Either way the work is bounded by the limit, not by the question.
 */
public final class QuestionLength {

    /** BERT's WordPiece turns a word longer than this into one [UNK]. */
    static final int MAX_CHARS_PER_TOKEN = 100;

    private QuestionLength() {
    }

    /** Why {@code question} is too long, or empty when it is within {@code maxTokens}. */
    public static Optional<String> tooLong(String question, int maxTokens) {
        long maxChars = (long) maxTokens * MAX_CHARS_PER_TOKEN;
        if (question.length() > maxChars) {
            return Optional.of("the question has " + question.length() + " characters; at most " + maxChars
                    + " (" + maxTokens + " tokens) are accepted");
        }
        int tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < question.length(); i++) {
            char c = question.charAt(i);
            boolean wordChar = Character.isLetterOrDigit(c);
            if (!wordChar && !Character.isWhitespace(c) || wordChar && !inWord) {
                tokens++;
                if (tokens > maxTokens) {
                    return Optional.of("the question has more than " + maxTokens + " tokens; at most " + maxTokens
                            + " are accepted");
                }
            }
            inWord = wordChar;
        }
        return Optional.empty();
    }
}
