package io.bertstream.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    /** Splits, checks every offset invariant, and returns the sentence texts. */
    private static List<String> texts(String body) {
        List<Sentence> sentences = SentenceSplitter.split(body);
        assertSpansExact(body, sentences);
        return sentences.stream().map(Sentence::text).toList();
    }

    private static void assertSpansExact(String body, List<Sentence> sentences) {
        int previousEnd = 0;
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            assertEquals(i, s.index());
            assertTrue(s.start() >= previousEnd && s.start() < s.end() && s.end() <= body.length(), () -> "span " + s);
            assertEquals(body.substring(s.start(), s.end()), s.text());
            assertEquals(s.text().strip(), s.text(), "trimmed");
            previousEnd = s.end();
        }
    }

    @Test
    void emptyAndBlankBodiesGiveNoSentences() {
        assertEquals(List.of(), texts(""));
        assertEquals(List.of(), texts("   \n\t \r\n  "));
        assertEquals(List.of(), SentenceSplitter.split(null));
    }

    @Test
    void simpleSentencesWithQuestionAndExclamation() {
        assertEquals(List.of("Hello world.", "How are you?", "Great!", "Bye"),
                texts("Hello world. How are you? Great! Bye"));
    }

    @Test
    void titlesAndNameAbbreviationsDoNotSplit() {
        assertEquals(List.of("Mr. Smith met Mrs. Jones and Dr. Brown at St. Paul's.",
                        "Prof. Lee and Martin Luther King Jr. were mentioned."),
                texts("Mr. Smith met Mrs. Jones and Dr. Brown at St. Paul's. "
                        + "Prof. Lee and Martin Luther King Jr. were mentioned."));
    }

    @Test
    void companyAbbreviationsSplitOnlyBeforeASentenceStarter() {
        assertEquals(List.of("Shares of Acme Inc. rose and Foo Ltd. fell, as did Bar Co. shares.",
                        "He works at Apple Inc.", "The company declined to comment."),
                texts("Shares of Acme Inc. rose and Foo Ltd. fell, as did Bar Co. shares. "
                        + "He works at Apple Inc. The company declined to comment."));
    }

    @Test
    void latinAndVersusAbbreviations() {
        assertEquals(List.of("Fruit, e.g. Apples, is good, i.e. Healthy.", "It was Smith vs. Jones.",
                        "They sell pens, paper, etc. and more."),
                texts("Fruit, e.g. Apples, is good, i.e. Healthy. It was Smith vs. Jones. "
                        + "They sell pens, paper, etc. and more."));
    }

    @Test
    void dottedAcronymsAndTimes() {
        assertEquals(List.of("The U.S. Army and the U.K. Government met at 5 p.m. Eastern time.",
                        "They left at 9 a.m.", "The talks ended in the U.S.", "He flew home."),
                texts("The U.S. Army and the U.K. Government met at 5 p.m. Eastern time. They left at 9 a.m. "
                        + "The talks ended in the U.S. He flew home."));
    }

    @Test
    void monthsBeforeNumbers() {
        assertEquals(List.of("It opened on Jan. 5 and closed Feb. 28, 2020.", "Sept. 11 is remembered."),
                texts("It opened on Jan. 5 and closed Feb. 28, 2020. Sept. 11 is remembered."));
    }

    @Test
    void singleLetterInitials() {
        assertEquals(List.of("J. K. Rowling wrote it.", "George W. Bush agreed."),
                texts("J. K. Rowling wrote it. George W. Bush agreed."));
    }

    @Test
    void decimalsMoneyAndPercentages() {
        assertEquals(List.of("Pi is 3.14 and the deal was $2.5 million.", "Growth was 1.5%.", "In 2019."),
                texts("Pi is 3.14 and the deal was $2.5 million. Growth was 1.5%. In 2019."));
    }

    @Test
    void ellipses() {
        assertEquals(List.of("He paused... and then left.", "Wait...", "What?!", "Well\u2026", "No."),
                texts("He paused... and then left. Wait... What?! Well\u2026 No."));
        assertEquals(List.of("It went on . . . forever.", "End."), texts("It went on . . . forever. End."));
    }

    @Test
    void closingQuotesAndBracketsStayWithTheirSentence() {
        assertEquals(List.of("He said \"Stop.\"", "Then he left.", "(It was late.)", "\u201CReally?\u201D she asked.",
                        "\u201CYes.\u201D", "He didn\u2019t say \u2018no.\u2019", "Done."),
                texts("He said \"Stop.\" Then he left. (It was late.) \u201CReally?\u201D she asked. "
                        + "\u201CYes.\u201D He didn\u2019t say \u2018no.\u2019 Done."));
    }

    @Test
    void blankLinesAreBoundariesAndSingleLineBreaksAreNot() {
        assertEquals(List.of("Headline without a period", "First paragraph.", "Second paragraph\r\ncontinued.",
                        "Third.", "Fourth"),
                texts("Headline without a period\n\nFirst paragraph.\r\n\r\nSecond paragraph\r\ncontinued.\r\n"
                        + "Third.\n \t\nFourth\n"));
        assertEquals(List.of("Old Mac line\rendings.", "New paragraph"), texts("Old Mac line\rendings.\r\rNew paragraph"));
        assertEquals(List.of("Page one", "Page two"), texts("Page one\fPage two"));
    }

    @Test
    void hardWrappedTextIsReadAcrossLineBreaks() {
        String body = "The city council said on Monday that the harbour bridge will close for\n"
                + "repairs in the U.S. summer season. Engineers found cracks in two of its\r\n"
                + "steel cables.\n"
                + "The work will cost $4.5 million.\n";
        assertEquals(List.of("The city council said on Monday that the harbour bridge will close for\n"
                        + "repairs in the U.S. summer season.", "Engineers found cracks in two of its\r\nsteel cables.",
                        "The work will cost $4.5 million."), texts(body));
    }

    @Test
    void aHeadlineAboveALongOneLineParagraphStaysApart() {
        String paragraph = "The harbour bridge will close for repairs next month, the city council said on Monday, "
                + "after engineers found cracks in two steel cables.";
        assertEquals(List.of("Bridge to close", paragraph), texts("Bridge to close\n" + paragraph));
    }

    @Test
    void numberedAndBulletedListItemsAreSentencesWithTheirMarker() {
        assertEquals(List.of("Buy these:", "1. Apples", "2. Pears and plums", "3) Figs", "- Milk", "\u2022 Bread"),
                texts("Buy these:\n1. Apples\n2. Pears and plums\n3) Figs\n- Milk\n\u2022 Bread"));
        assertEquals(List.of("1. Preheat the oven.", "2. Bake the bread."),
                texts("1. Preheat the oven.\n2. Bake the bread."));
        assertEquals(List.of("1. Preheat the oven and\n   grease the tin", "2. Bake", "Serve warm."),
                texts("1. Preheat the oven and\n   grease the tin\n2. Bake\nServe warm."));
    }

    @Test
    void acronymsAndAbbreviationsBeforeACapitalisedWordThatOpensASentence() {
        assertEquals(List.of("The lab moved to the U.S.", "Researchers said the move was planned."),
                texts("The lab moved to the U.S. Researchers said the move was planned."));
        assertEquals(List.of("The fire started at 10 a.m.", "Police said no one was hurt."),
                texts("The fire started at 10 a.m. Police said no one was hurt."));
        assertEquals(List.of("The phone is made by Apple Inc.", "Analysts expect strong sales."),
                texts("The phone is made by Apple Inc. Analysts expect strong sales."));
        assertEquals(List.of("The star has lost mass.", "Astronomers are puzzled."),
                texts("The star has lost mass. Astronomers are puzzled."));
        assertEquals(List.of("The summit rises to 8,000 ft.", "The climb takes two days."),
                texts("The summit rises to 8,000 ft. The climb takes two days."));
        assertEquals(List.of("The play is about Henry V.", "The king was young."),
                texts("The play is about Henry V. The king was young."));
        assertEquals(List.of("It was Roe v. Wade again."), texts("It was Roe v. Wade again."));
    }

    @Test
    void multipleSpacesTabsAndNoBreakSpacesAreTrimmed() {
        List<Sentence> sentences = SentenceSplitter.split("  \tOne.   \u00A0Two.\t\tThree.  ");
        assertEquals(List.of("One.", "Two.", "Three."), sentences.stream().map(Sentence::text).toList());
        assertEquals(List.of(3, 11, 17), sentences.stream().map(Sentence::start).toList());
    }

    @Test
    void urlsAndEmailsAreNotSplit() {
        assertEquals(List.of("Visit https://www.example.com/a.b?x=1&y=2 today.", "Mail john.doe@example.org now!",
                        "See example.com."),
                texts("Visit https://www.example.com/a.b?x=1&y=2 today. Mail john.doe@example.org now! "
                        + "See example.com."));
    }

    @Test
    void surrogatePairsKeepExactOffsets() {
        String body = "Emoji \uD83D\uDE00 here. \uD83D\uDE80 Rocket launched! \uD835\uDD38 done.";
        assertEquals(List.of("Emoji \uD83D\uDE00 here.", "\uD83D\uDE80 Rocket launched!", "\uD835\uDD38 done."),
                texts(body));
    }

    @Test
    void lowercaseContinuationIsNotABoundary() {
        assertEquals(List.of("\"Is it?\" he asked.", "Yes."), texts("\"Is it?\" he asked. Yes."));
    }

    @Test
    void randomStringsNeverThrowAndHaveExactIncreasingSpans() {
        String alphabet = "aZ .?!\u2026\"'\u201C\u201D\u2019()\n\r\t \u00A0.3U.S.Mr\uD83D\uDE00\uD800\uDC00";
        Random random = new Random(42);
        for (int trial = 0; trial < 5000; trial++) {
            int length = random.nextInt(60);
            StringBuilder sb = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                // mostly the tricky alphabet, sometimes any UTF-16 unit (lone surrogates included)
                sb.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x10000)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String body = sb.toString();
            List<Sentence> sentences = SentenceSplitter.split(body);
            assertSpansExact(body, sentences);
            boolean blank = body.chars().allMatch(c -> Chars.isSpace((char) c));
            assertEquals(blank, sentences.isEmpty(), () -> "body " + body);
        }
    }

    @Test
    void twentyThousandSentencesOfAbbreviationsAndNumbersSplitExactly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("Mr. Smith paid $").append(i).append(".5 million on Jan. 3 in the U.S. The deal closed. ");
        }
        String body = sb.toString();
        // speed is a benchmark matter, not a test assertion: this checks the result on a large input
        List<Sentence> sentences = SentenceSplitter.split(body);
        assertEquals(20_000, sentences.size());
        assertSpansExact(body, sentences);
    }

    @Test
    void aMebibyteOfAmbiguousAcronymsIsSplitInLinearTime() {
        // every "U.S." and "U.K." here goes to the trained model: a quadratic splitter would take hours
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1 << 20) {
            sb.append("The U.S. Army met the U.K. Government at 5 p.m. Eastern time.\n1. Apples\n");
        }
        String body = sb.toString();
        List<Sentence> sentences = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> SentenceSplitter.split(body));
        assertSpansExact(body, sentences);
        assertEquals(List.of("The U.S. Army met the U.K. Government at 5 p.m. Eastern time.", "1. Apples"),
                sentences.subList(0, 2).stream().map(Sentence::text).toList());
    }
}
