package io.bertstream.text;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a single period after a word ends a sentence, given the word before it and the word after
 * the following white space. Only called when the next word does not start with a lower-case letter. Cases the
 * rules cannot settle are left to the trained model ({@link Verdict#ASK_MODEL}).
 */
final class Abbreviations {

    /** What the rules say about one period. */
    enum Verdict { BOUNDARY, NOT_BOUNDARY, ASK_MODEL }

    /** Titles and Latin abbreviations that precede something (a name, an example), so never end a sentence. */
    private static final Set<String> NEVER_FINAL = Set.of(
            "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
            "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "vs", "e.g", "i.e", "cf", "viz",
            "approx", "mt");

    /** Abbreviations normally followed by a number: "No. 5", "Jan. 12", "Fig. 3". */
    private static final Set<String> BEFORE_NUMBER = Set.of(
            "no", "nos", "fig", "figs", "vol", "vols", "p", "pp", "art", "ch", "sec", "op", "jan", "feb", "mar",
            "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    /**
     * Abbreviations that may or may not end a sentence ("Apple Inc. said" / "... at Apple Inc. The"); units
     * ("8,000 ft. The") and US state abbreviations among them. Dotted acronyms (U.S., a.m.) are treated the same.
     */
    private static final Set<String> AMBIGUOUS = Set.of(
            "inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "sr", "st", "ave", "blvd", "rd", "etc", "al",
            "dept", "univ", "est", "ft", "lb", "lbs", "oz", "yd", "yds", "mi", "sq", "cu", "mass", "calif", "fla",
            "wash", "ariz", "ark", "colo", "conn", "del", "ga", "ill", "ind", "kan", "ky", "la", "md", "mich",
            "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wis",
            "wyo");

    /**
     * Closed-class words (pronouns, determiners, conjunctions, prepositions, question words) that open a
     * sentence when capitalised; a content word after an ambiguous abbreviation is left to the model.
     */
    private static final Set<String> SENTENCE_STARTERS = Set.of(
            "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their", "Our",
            "My", "Your", "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "So", "Yet", "In",
            "On", "At", "For", "With", "As", "If", "When", "While", "After", "Before", "Since", "Although",
            "Though", "However", "Meanwhile", "Still", "Then", "Now", "Also", "Some", "Many", "Most", "All", "One",
            "What", "Why", "How", "Who", "Where", "Mr", "Mrs", "Ms", "Dr", "Prof", "According", "By", "From",
            "Despite", "During", "Under", "Until", "Last", "Next", "Both", "Each", "Such", "Other", "No", "Not",
            "Nor", "Neither", "Every", "Any", "Few", "Several", "Because", "Unlike", "Like", "To", "Of", "Instead",
            "Thus", "Yes", "Even", "Only", "Just", "Later", "Earlier", "Today", "Yesterday", "Tomorrow");

    /** Words that follow "a.m." / "p.m." inside a sentence ("5 p.m. Eastern time", "9 a.m. Tuesday"). */
    private static final Set<String> AFTER_TIME = Set.of(
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "Eastern", "Central", "Mountain", "Pacific", "Atlantic", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT",
            "MST", "MDT", "PT", "PST", "PDT", "GMT", "UTC", "BST", "CET", "CEST", "IST", "JST", "AEST", "Local");

    private Abbreviations() {
    }

    /**
     * @param word        the letters, digits and dots right before the period (without the period), maybe empty
     * @param nextWord    the leading letters of the next word, maybe empty
     * @param nextIsDigit whether the next word starts with a digit
     * @param opensLine   whether {@code word} is the first token of its line (then "1." is a list marker)
     * @param nameGoesOn  whether the word after the next one is capitalised or "&" (a name: "U.S. Army Corps")
     * @return what the rules say
     */
    static Verdict classify(String word, String nextWord, boolean nextIsDigit, boolean opensLine,
                            boolean nameGoesOn) {
        if (word.isEmpty()) {
            return Verdict.BOUNDARY;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (NEVER_FINAL.contains(lower) || word.equals("v")) {
            return Verdict.NOT_BOUNDARY;
        }
        if (BEFORE_NUMBER.contains(lower)) {
            return nextIsDigit ? Verdict.NOT_BOUNDARY : Verdict.BOUNDARY;
        }
        if (opensLine && isListNumber(word)) {
            return Verdict.NOT_BOUNDARY;
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
            // an initial ("J. K. Rowling", "Henry V. The"); "I" and "A" could themselves be initials
            return nextWord.length() > 1 && SENTENCE_STARTERS.contains(nextWord)
                    ? Verdict.BOUNDARY : Verdict.NOT_BOUNDARY;
        }
        if (lower.equals("a.m") || lower.equals("p.m")) {
            return AFTER_TIME.contains(nextWord) ? Verdict.NOT_BOUNDARY : Verdict.BOUNDARY;
        }
        if (AMBIGUOUS.contains(lower) || isDottedAcronym(word)) {
            if (SENTENCE_STARTERS.contains(nextWord)) {
                return Verdict.BOUNDARY;
            }
            if (lower.equals("st") || nameGoesOn) {
                return Verdict.NOT_BOUNDARY; // "St. Johns", "U.S. News & World Report", "U.S. Army Corps"
            }
            return isPluralNoun(nextWord) ? Verdict.BOUNDARY : Verdict.ASK_MODEL;
        }
        return Verdict.BOUNDARY;
    }

    /** "1" .. "999": a numbered list item when it opens a line ("1. Apples"). */
    private static boolean isListNumber(String word) {
        return word.length() <= 3 && word.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * A capitalised plural common noun ("Researchers", "Analysts") not followed by another name word: such a word
     * after an abbreviation almost always opens a sentence.
     */
    private static boolean isPluralNoun(String word) {
        if (word.length() < 4 || !Character.isUpperCase(word.charAt(0)) || !word.endsWith("s")) {
            return false;
        }
        for (int i = 1; i < word.length(); i++) {
            if (!Character.isLowerCase(word.charAt(i))) {
                return false;
            }
        }
        return !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is");
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
