package io.bertstream.qa;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Questions are measured in BERT's basic tokens (words and punctuation marks), and cut off by characters first. */
class QuestionLengthTest {

    @Test
    void countsWordsAndPunctuationMarks() {
        assertTrue(QuestionLength.tooLong("How many books does the library hold?", 8).isEmpty(), "7 words + '?'");
        assertEquals("the question has more than 7 tokens; at most 7 are accepted",
                QuestionLength.tooLong("How many books does the library hold?", 7).orElseThrow());
        assertTrue(QuestionLength.tooLong("a,b", 2).isPresent(), "a , b: 3 tokens");
    }

    @Test
    void refusesManyShortWordsAndOneHugeWord() {
        assertTrue(QuestionLength.tooLong("why ".repeat(257), 256).orElseThrow().contains("more than 256 tokens"));
        assertTrue(QuestionLength.tooLong("why ".repeat(256), 256).isEmpty());
        // one 1 MiB "word" is one [UNK] to WordPiece: refused by its characters, unread
        assertTrue(QuestionLength.tooLong("x".repeat(1 << 20), 256).orElseThrow().contains("1048576 characters"));
    }
}
