package io.bertstream.text;

/** Character classes used by the sentence splitter (all tests are on single UTF-16 units). */
final class Chars {

    private Chars() {
    }

    /** White space including no-break and zero-width spaces, which {@link Character#isWhitespace} misses. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF';
    }

    /** A line or paragraph break ({@code \r\n} is two of them, read as one break by the splitter). */
    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028'
                || isParagraphSeparator(c);
    }

    /** A form feed or Unicode paragraph separator: always a sentence boundary, like a blank line. */
    static boolean isParagraphSeparator(char c) {
        return c == '\f' || c == '\u2029';
    }

    /** Punctuation that may end a sentence (a run of them, like "?!" or "...", is treated as one). */
    static boolean isTerminal(char c) {
        return c == '.' || c == '?' || c == '!' || c == '\u2026' || c == '\u203C' || c == '\u2047'
                || c == '\u2048' || c == '\u2049' || c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
    }

    /** Closing quotes and brackets that stay with the sentence they follow. */
    static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == '\u201D' || c == '\u2019'
                || c == '\u00BB' || c == '\u203A' || c == '\u300D' || c == '\u300F';
    }

    /** Opening quotes and brackets that may precede the first word of a sentence. */
    static boolean isOpener(char c) {
        return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '\u201C' || c == '\u2018'
                || c == '\u00AB' || c == '\u2039' || c == '\u300C' || c == '\u300E';
    }

    /** Punctuation that cannot start a sentence, so a terminal before it is not a boundary. */
    static boolean isContinuation(char c) {
        return c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || isTerminal(c);
    }
}
