package io.bertstream.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The splitter as it was before issue 12, kept unchanged (commit 96b3d7c) as the baseline of
 * {@link SentenceSplitterEvaluationTest}: rule-based English sentence splitter for news text.
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
final class RulesBaselineSplitter {

    /** Longest word looked at on either side of a period; longer tokens are never abbreviations. */
    private static final int MAX_WORD = 32;

    private RulesBaselineSplitter() {
    }

    /**
     * Splits a body into trimmed sentences with exact offsets.
     *
     * @param body any string; null, empty or blank gives an empty list
     * @return the sentences in order, with {@code index} 0, 1, 2, ... and
     *         {@code body.substring(start, end).equals(text)}; never throws
     */
    static List<Sentence> split(String body) {
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
        return OldAbbreviations.periodEndsSentence(wordBefore(body, runStart), nextWord(body, wordStart),
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

    /** The abbreviation rules of that version. */
    private static final class OldAbbreviations {

        /** Abbreviations that precede something (a name, an example), so they never end a sentence. */
        private static final Set<String> NEVER_FINAL = Set.of(
                "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
                "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "vs", "v", "e.g", "i.e", "cf", "viz",
                "approx", "mt", "ft");

        /** Abbreviations normally followed by a number: "No. 5", "Jan. 12", "Fig. 3". */
        private static final Set<String> BEFORE_NUMBER = Set.of(
                "no", "nos", "fig", "figs", "vol", "vols", "p", "pp", "art", "ch", "sec", "op", "jan", "feb", "mar",
                "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

        /**
         * Abbreviations that may or may not end a sentence ("Apple Inc. said" / "... at Apple Inc. The"): a boundary
         * only when the next word is a common sentence starter. Dotted acronyms (U.S., a.m.) are treated the same.
         */
        private static final Set<String> AMBIGUOUS = Set.of(
                "inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "sr", "st", "ave", "blvd", "rd", "etc", "al",
                "dept", "univ", "est", "mass", "calif", "fla", "wash");

        /** Capitalised words that very often open an English sentence in news text. */
        private static final Set<String> SENTENCE_STARTERS = Set.of(
                "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their", "Our",
                "My", "Your", "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "So", "Yet", "In",
                "On", "At", "For", "With", "As", "If", "When", "While", "After", "Before", "Since", "Although",
                "Though", "However", "Meanwhile", "Still", "Then", "Now", "Also", "Some", "Many", "Most", "All", "One",
                "What", "Why", "How", "Who", "Where", "Mr", "Mrs", "Ms", "Dr", "Prof", "According", "By", "From",
                "Despite", "During", "Under", "Until", "Last", "Next", "Both", "Each", "Such", "Other", "Officials");

        private OldAbbreviations() {
        }

        /**
         * @param word     the letters, digits and dots right before the period (without the period), maybe empty
         * @param nextWord the leading letters of the next word, maybe empty
         * @param nextIsDigit whether the next word starts with a digit
         * @return true if the period ends the sentence
         */
        static boolean periodEndsSentence(String word, String nextWord, boolean nextIsDigit) {
            if (word.isEmpty()) {
                return true;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (NEVER_FINAL.contains(lower)) {
                return false;
            }
            if (BEFORE_NUMBER.contains(lower)) {
                return !nextIsDigit;
            }
            if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
                // an initial ("J. K. Rowling"); "I" and "A" could themselves be initials, so they do not count
                return nextWord.length() > 1 && SENTENCE_STARTERS.contains(nextWord);
            }
            if (AMBIGUOUS.contains(lower) || isDottedAcronym(word)) {
                return SENTENCE_STARTERS.contains(nextWord);
            }
            return true;
        }

        /** Letters separated by single dots: "U.S", "a.m", "Ph.D". */
        static boolean isDottedAcronym(String word) {
            boolean sawDot = false;
            boolean previousWasDot = true;
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == '.') {
                    if (previousWasDot) {
                        return false;
                    }
                    sawDot = true;
                    previousWasDot = true;
                } else if (Character.isLetter(c)) {
                    previousWasDot = false;
                } else {
                    return false;
                }
            }
            return sawDot && !previousWasDot;
        }
    }
}
