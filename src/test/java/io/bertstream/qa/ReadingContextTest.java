package io.bertstream.qa;

import io.bertstream.text.Sentence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadingContextTest {

    /** Ten sentences "S0." .. "S9." separated by one space: sentence i is [4i, 4i+3). */
    private static final List<Sentence> SENTENCES = sentences(10);

    private static List<Sentence> sentences(int n) {
        List<Sentence> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(new Sentence(i, 4 * i, 4 * i + 3, "S" + i + "."));
        }
        return result;
    }

    @Test
    void candidatesWithoutNeighboursStayApartUnlessTheyTouch() {
        List<ReadingContext> contexts = ReadingContext.around(SENTENCES, new int[] {7, 2, 3}, 0);
        // 2 and 3 touch and merge; the merged context ranks by its best candidate (rank 1), after 7 (rank 0)
        assertEquals(List.of(new ReadingContext(28, 31, 7, 7), new ReadingContext(8, 15, 2, 3)), contexts);
    }

    @Test
    void neighboursWidenEachCandidateAndOverlapsMerge() {
        List<ReadingContext> contexts = ReadingContext.around(SENTENCES, new int[] {5, 0, 9}, 1);
        assertEquals(List.of(new ReadingContext(16, 27, 4, 6), new ReadingContext(0, 7, 0, 1),
                new ReadingContext(32, 39, 8, 9)), contexts);
        List<ReadingContext> merged = ReadingContext.around(SENTENCES, new int[] {5, 3}, 1);
        assertEquals(List.of(new ReadingContext(8, 27, 2, 6)), merged);
    }

    @Test
    void containsIsHalfOpen() {
        ReadingContext c = new ReadingContext(8, 15, 2, 3);
        assertTrue(c.contains(8, 15));
        assertFalse(c.contains(7, 9));
        assertFalse(c.contains(14, 16));
    }
}
