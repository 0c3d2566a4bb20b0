package io.bertstream.text;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a single period after a word ends a sentence, given the word before it and the word after
 * the following white space. Only called when the next word does not start with a lower-case letter.
 */
final class Abbreviations {

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

    private Abbreviations() {
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
