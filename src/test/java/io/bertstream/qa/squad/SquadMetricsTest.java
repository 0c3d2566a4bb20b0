package io.bertstream.qa.squad;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SquadMetricsTest {

    @Test
    void normalizationLowerCasesAndDropsPunctuationArticlesAndExtraWhiteSpace() {
        assertEquals("denver broncos", SquadMetrics.normalizeAnswer("The Denver Broncos!"));
        assertEquals("quick brown fox", SquadMetrics.normalizeAnswer("  A quick,  brown\n fox. "));
        assertEquals("cats hat", SquadMetrics.normalizeAnswer("the cat's hat"));
        // articles only as whole words: "another", "theory" and "and" stay
        assertEquals("another theory and", SquadMetrics.normalizeAnswer("an Another theory, and the"));
        assertEquals("1020 m", SquadMetrics.normalizeAnswer("1,020 m"));
        assertEquals("", SquadMetrics.normalizeAnswer("The."));
    }

    @Test
    void exactMatchComparesNormalizedTexts() {
        assertTrue(SquadMetrics.exactMatch("the Denver Broncos", "Denver Broncos"));
        assertFalse(SquadMetrics.exactMatch("Denver Broncos won", "Denver Broncos"));
        assertTrue(SquadMetrics.exactMatch("Carolina Panthers", List.of("Denver Broncos", "carolina panthers.")));
    }

    @Test
    void f1CountsSharedTokensAsAMultiset() {
        // precision 2/3, recall 1
        assertEquals(0.8, SquadMetrics.f1("Denver Broncos won", "Denver Broncos"), 1e-12);
        // precision 1, recall 1/3
        assertEquals(0.5, SquadMetrics.f1("Clara", "Santa Clara, California"), 1e-12);
        // "cat" twice predicted, once in gold: precision 1/2, recall 1
        assertEquals(2.0 / 3, SquadMetrics.f1("cat cat", "the cat"), 1e-12);
        assertEquals(0.0, SquadMetrics.f1("Broncos", "Panthers"), 1e-12);
        assertEquals(1.0, SquadMetrics.f1("The Broncos.", "broncos"), 1e-12);
    }

    @Test
    void scoresTakeTheBestGoldAnswer() {
        List<String> golds = List.of("Levi's Stadium", "Levi's Stadium in the San Francisco Bay Area", "Santa Clara");
        assertEquals(1.0, SquadMetrics.f1("Levis Stadium", golds), 1e-12);
        // best is "Santa Clara": precision 2/3, recall 1
        assertEquals(0.8, SquadMetrics.f1("Santa Clara California", golds), 1e-12);
        assertFalse(SquadMetrics.exactMatch("Santa Clara California", golds));
    }

    @Test
    void containsGoldLooksForANormalizedGoldInsideTheAnswer() {
        assertTrue(SquadMetrics.containsGold("in Santa Clara, California", List.of("Santa Clara")));
        assertFalse(SquadMetrics.containsGold("Santa", List.of("Santa Clara")));
    }

    @Test
    void containsGoldMatchesWholeTokensOnly() {
        assertFalse(SquadMetrics.containsGold("in 1990 the bridge", List.of("1")));
        assertFalse(SquadMetrics.containsGold("Northbay Construction", List.of("North")));
        assertTrue(SquadMetrics.containsGold("built in 1 year", List.of("1")));
        assertTrue(SquadMetrics.containsGold("the firm Northbay Construction Ltd.", List.of("Northbay Construction")));
    }

    @Test
    void unanswerableQuestionsAreScoredAsInTheOfficialV2Script() {
        List<String> none = List.of();
        assertTrue(SquadMetrics.exactMatch("", none));
        assertEquals(1.0, SquadMetrics.f1("", none), 1e-12);
        assertTrue(SquadMetrics.containsGold("", none));
        assertFalse(SquadMetrics.exactMatch("Denver", none));
        assertEquals(0.0, SquadMetrics.f1("Denver", none), 1e-12);
        assertFalse(SquadMetrics.containsGold("Denver", none));
        // an empty prediction for an answerable question scores nothing
        assertEquals(0.0, SquadMetrics.f1("", List.of("Denver")), 1e-12);
        assertFalse(SquadMetrics.exactMatch("", List.of("Denver")));
    }
}
