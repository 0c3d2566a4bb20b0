package io.bertstream.text;

/**
 * One sentence of a text: {@code text.equals(body.substring(start, end))}.
 *
 * @param index position among the sentences of the body (0-based)
 * @param start offset of the first character in the body (UTF-16 units, as {@link String})
 * @param end   offset one past the last character
 * @param text  the sentence itself, without surrounding white space
 */
public record Sentence(int index, int start, int end, String text) {
}
