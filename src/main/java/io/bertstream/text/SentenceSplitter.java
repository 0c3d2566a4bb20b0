package io.bertstream.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule-based English sentence splitter for news text.
 *
 * <p>A sentence ends at a line break, or after a run of terminal punctuation ({@code . ? ! …}, including
 * "?!" and "...") plus any closing quotes or brackets, when that run is followed by white space or the end of the
 * text. Such a run is <em>not</em> a boundary when the next word starts with a lower-case letter or with
 * continuation punctuation ({@code , ; : )}), nor when a single period follows an abbreviation or an initial (see
 * {@link Abbreviations}). Periods inside tokens (3.14, U.S.A, example.com, john.doe@mail.org) are never
 * boundaries because no white space follows them.
 *
 * <p>Each boundary decision looks at a bounded window around one punctuation run, so splitting is linear in the
 * length of the body. Boundaries fall only next to BMP punctuation or white space, so surrogate pairs are never
 * cut.
 */
public final class SentenceSplitter {

    /** Longest word looked at on either side of a period; longer tokens are never abbreviations. */
    private static final int MAX_WORD = 32;

    private SentenceSplitter() {
    }

    /**
     * Splits a body into trimmed sentences with exact offsets.
     *
     * @param body any string; null, empty or blank gives an empty list
     * @return the sentences in order, with {@code index} 0, 1, 2, ... and
     *         {@code body.substring(start, end).equals(text)}; never throws
     */
    public static List<Sentence> split(String body) {
        List<Sentence> sentences = new ArrayList<>();
        if (body == null) {
            return sentences;
        }
        int length = body.length();
        int segmentStart = 0;
        int i = 0;
        while (i < length) {
            char c = body.charAt(i);
            if (Chars.isLineBreak(c)) {
                addTrimmed(body, segmentStart, i, sentences);
                segmentStart = i + 1;
                i++;
            } else if (Chars.isTerminal(c)) {
                int runEnd = skip(body, i, true);
                int end = skip(body, runEnd, false);
                if (isBoundary(body, i, runEnd, end)) {
                    addTrimmed(body, segmentStart, end, sentences);
                    segmentStart = end;
                }
                i = end;
            } else {
                i++;
            }
        }
        addTrimmed(body, segmentStart, length, sentences);
        return sentences;
    }

    /** Skips terminals (or closers) from {@code from}; returns the first index that is not one. */
    private static int skip(String body, int from, boolean terminals) {
        int i = from;
        while (i < body.length() && (terminals ? Chars.isTerminal(body.charAt(i)) : Chars.isCloser(body.charAt(i)))) {
            i++;
        }
        return i;
    }

    /**
     * @param runStart first terminal of the run
     * @param runEnd   one past the last terminal
     * @param end      one past the closing quotes/brackets after the run
     */
    private static boolean isBoundary(String body, int runStart, int runEnd, int end) {
        int length = body.length();
        if (end == length) {
            return true;
        }
        if (!Chars.isSpace(body.charAt(end))) {
            return false;
        }
        int next = end;
        while (next < length && Chars.isSpace(body.charAt(next))) {
            if (Chars.isLineBreak(body.charAt(next))) {
                return true;
            }
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
        return Abbreviations.periodEndsSentence(wordBefore(body, runStart), nextWord(body, wordStart),
                Character.isDigit(first));
    }

    /** The letters, digits and dots right before {@code period}, e.g. "Mr", "U.S", "2019". */
    private static String wordBefore(String body, int period) {
        int start = period;
        while (start > 0 && period - start < MAX_WORD) {
            char c = body.charAt(start - 1);
            if (!Character.isLetterOrDigit(c) && c != '.') {
                break;
            }
            start--;
        }
        return body.substring(start, period);
    }

    /** The leading letters of the word starting at {@code from}. */
    private static String nextWord(String body, int from) {
        int end = from;
        while (end < body.length() && end - from < MAX_WORD && Character.isLetter(body.charAt(end))) {
            end++;
        }
        return body.substring(from, end);
    }

    private static void addTrimmed(String body, int from, int to, List<Sentence> out) {
        int start = from;
        int end = to;
        while (start < end && Chars.isSpace(body.charAt(start))) {
            start++;
        }
        while (end > start && Chars.isSpace(body.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            out.add(new Sentence(out.size(), start, end, body.substring(start, end)));
        }
    }
}
