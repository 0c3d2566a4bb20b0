package io.bertstream.text;

import java.util.ArrayList;
import java.util.List;

/**
 * English sentence splitter for news and encyclopaedic text, hard-wrapped or not: rules, with Apache OpenNLP's
 * trained English model deciding the periods the rules cannot (see docs/sentence-splitter.md for the
 * evaluation behind this choice).
 *
 * <p>Line breaks: a blank line (or a form feed, U+2029) always ends a sentence. A single line break ({@code \n},
 * {@code \r\n}, {@code \r}, U+2028) is white space, as in hard-wrapped text, unless the next line opens a list
 * item ("1. Apples", "- Pears"), the line is a list item and the next one does not carry on in lower case, or one
 * of the two lines is longer than any fixed-width wrapping would make it
 * ({@value #WRAP_LIMIT} characters): then it is a boundary, so a headline above a one-line paragraph stays apart.
 *
 * <p>Punctuation: a sentence ends after a run of terminal punctuation ({@code . ? ! …}, "?!", "...") plus any
 * closing quotes or brackets, followed by white space or the end, unless the next word starts with a lower-case
 * letter or continuation punctuation ({@code , ; : )}). A single period is further checked by
 * {@link Abbreviations}: titles, initials, list numbers and "No. 5" never end a sentence; after an ambiguous
 * abbreviation or acronym ("Inc.", "U.S.", "ft.") the period ends one before a closed-class sentence opener or a
 * plural noun, and otherwise when {@link TrainedBoundaries the model} says so. Periods inside tokens (3.14,
 * example.com) are never boundaries because no white space follows them.
 *
 * <p>Each decision looks at a bounded window, and each line is measured once, so splitting is linear in the
 * length of the body. Boundaries fall only next to BMP punctuation or white space, so surrogate pairs are never
 * cut. Offsets are exact and the text is never altered: a sentence that spans a line break contains it.
 */
public final class SentenceSplitter {

    /** A line at least this long was not wrapped at a fixed width, so a break next to it is a real one. */
    static final int WRAP_LIMIT = 100;

    /** Model probability from which a period after an ambiguous abbreviation ends a sentence. */
    static final double MODEL_THRESHOLD = 0.5;

    /** Longest word looked at on either side of a period; longer tokens are never abbreviations. */
    private static final int MAX_WORD = 32;

    private final String body;
    private final int length;
    private final List<Sentence> sentences = new ArrayList<>();
    private int segmentStart;
    private int lineStart;
    /** First character of the current line that is not white space. */
    private int lineFirstVisible;

    private SentenceSplitter(String body) {
        this.body = body;
        this.length = body.length();
    }

    /**
     * Splits a body into trimmed sentences with exact offsets.
     *
     * @param body any string; null, empty or blank gives an empty list
     * @return the sentences in order, with {@code index} 0, 1, 2, ... and
     *         {@code body.substring(start, end).equals(text)}; never throws
     */
    public static List<Sentence> split(String body) {
        if (body == null) {
            return new ArrayList<>();
        }
        SentenceSplitter splitter = new SentenceSplitter(body);
        splitter.run();
        return splitter.sentences;
    }

    private void run() {
        lineFirstVisible = skipHorizontalSpace(0);
        int i = 0;
        while (i < length) {
            char c = body.charAt(i);
            if (Chars.isLineBreak(c)) {
                int next = afterLineBreak(i);
                int firstVisible = skipHorizontalSpace(next);
                if (isBreakBoundary(c, next, firstVisible)) {
                    cut(i, next);
                }
                lineStart = next;
                lineFirstVisible = firstVisible;
                i = next;
            } else if (Chars.isTerminal(c)) {
                int runEnd = skipTerminals(i);
                int end = skipClosers(runEnd);
                if (isPunctuationBoundary(i, runEnd, end)) {
                    cut(end, end);
                }
                i = end;
            } else {
                i++;
            }
        }
        cut(length, length);
    }

    /** Ends the current sentence at {@code end} and starts the next one at {@code nextStart}. */
    private void cut(int end, int nextStart) {
        int start = segmentStart;
        int stop = end;
        while (start < stop && Chars.isSpace(body.charAt(start))) {
            start++;
        }
        while (stop > start && Chars.isSpace(body.charAt(stop - 1))) {
            stop--;
        }
        if (start < stop) {
            sentences.add(new Sentence(sentences.size(), start, stop, body.substring(start, stop)));
        }
        segmentStart = nextStart;
    }

    /** The index after the line break at {@code i}, reading {@code \r\n} as one break. */
    private int afterLineBreak(int i) {
        return body.charAt(i) == '\r' && i + 1 < length && body.charAt(i + 1) == '\n' ? i + 2 : i + 1;
    }

    /**
     * Whether a line break ends a sentence.
     *
     * @param next         start of the following line
     * @param firstVisible its first character that is not white space
     */
    private boolean isBreakBoundary(char breakChar, int next, int firstVisible) {
        if (Chars.isParagraphSeparator(breakChar)) {
            return true;
        }
        if (firstVisible == length || Chars.isLineBreak(body.charAt(firstVisible))) {
            return true; // a blank line, or trailing space
        }
        if (ListMarkers.opensItem(body, firstVisible)) {
            return true;
        }
        if (lineFirstVisible < length && ListMarkers.opensItem(body, lineFirstVisible)
                && !Character.isLowerCase(body.codePointAt(firstVisible))) {
            return true; // a list item ends with its line unless the next line carries on in lower case
        }
        return lineLength(lineStart) >= WRAP_LIMIT || lineLength(next) >= WRAP_LIMIT;
    }

    /** Length of the line starting at {@code from}, counted up to {@link #WRAP_LIMIT}. */
    private int lineLength(int from) {
        int i = from;
        while (i < length && i - from < WRAP_LIMIT && !Chars.isLineBreak(body.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private int skipHorizontalSpace(int from) {
        int i = from;
        while (i < length && Chars.isSpace(body.charAt(i)) && !Chars.isLineBreak(body.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipTerminals(int from) {
        int i = from;
        while (i < length && Chars.isTerminal(body.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipClosers(int from) {
        int i = from;
        while (i < length && Chars.isCloser(body.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * @param runStart first terminal of the run
     * @param runEnd   one past the last terminal
     * @param end      one past the closing quotes/brackets after the run
     */
    private boolean isPunctuationBoundary(int runStart, int runEnd, int end) {
        if (end == length) {
            return true;
        }
        if (!Chars.isSpace(body.charAt(end))) {
            return false;
        }
        int next = end;
        while (next < length && Chars.isSpace(body.charAt(next))) {
            next++;
        }
        if (next == length) {
            return true;
        }
        if (Chars.isContinuation(body.charAt(next))) {
            return false;
        }
        int wordStart = next;
        while (wordStart < length && wordStart - next < MAX_WORD && Chars.isOpener(body.charAt(wordStart))) {
            wordStart++;
        }
        if (wordStart == length) {
            return true;
        }
        int first = body.codePointAt(wordStart);
        if (Character.isLowerCase(first)) {
            return false;
        }
        boolean singlePeriod = runEnd - runStart == 1 && body.charAt(runStart) == '.';
        if (!singlePeriod) {
            return true;
        }
        int wordBefore = wordBefore(runStart);
        String nextWord = nextWord(wordStart);
        Abbreviations.Verdict verdict = Abbreviations.classify(body.substring(wordBefore, runStart), nextWord,
                Character.isDigit(first), opensLine(wordBefore), nameGoesOn(wordStart + nextWord.length()));
        return switch (verdict) {
            case BOUNDARY -> true;
            case NOT_BOUNDARY -> false;
            case ASK_MODEL -> TrainedBoundaries.splitProbability(body, runStart) >= MODEL_THRESHOLD;
        };
    }

    /** Start of the letters, digits and dots right before {@code period}, e.g. "Mr", "U.S", "2019". */
    private int wordBefore(int period) {
        int start = period;
        while (start > 0 && period - start < MAX_WORD) {
            char c = body.charAt(start - 1);
            if (!Character.isLetterOrDigit(c) && c != '.') {
                break;
            }
            start--;
        }
        return start;
    }

    /** Whether the word after {@code from} (past one run of spaces) is capitalised or an ampersand. */
    private boolean nameGoesOn(int from) {
        int i = from;
        int limit = Math.min(length, from + MAX_WORD);
        while (i < limit && Chars.isSpace(body.charAt(i))) {
            i++;
        }
        if (i == from || i >= length) {
            return false;
        }
        char c = body.charAt(i);
        return c == '&' || Character.isUpperCase(c);
    }

    /** Whether only white space lies between the start of the current line and {@code wordStart}. */
    private boolean opensLine(int wordStart) {
        return wordStart == lineFirstVisible;
    }

    /** The leading letters of the word starting at {@code from}. */
    private String nextWord(int from) {
        int end = from;
        while (end < length && end - from < MAX_WORD && Character.isLetter(body.charAt(end))) {
            end++;
        }
        return body.substring(from, end);
    }
}
