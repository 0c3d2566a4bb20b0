package io.bertstream.qa.squad;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The curve replays the engine's rule: the span answers when spanScore >= nullScore - threshold. */
class NoAnswerCurveTest {

    private static final List<NoAnswerCurve.Scored> SCORED = List.of(
            new NoAnswerCurve.Scored("1968", 0.6, 0.1, List.of("1968")),          // confident, right
            new NoAnswerCurve.Scored("the firm", 0.2, 0.5, List.of("Northbay")),  // unsure, wrong
            new NoAnswerCurve.Scored("island side", 0.00001, 0.9, List.of()),     // unanswerable
            new NoAnswerCurve.Scored("Paris", 0.4, 0.3, List.of()));              // unanswerable, fooled

    @Test
    void aHigherThresholdAnswersMoreAndAbstainsLess() {
        NoAnswerCurve.Point strict = NoAnswerCurve.at(SCORED, -0.2);
        assertEquals(50.0, strict.answerableExactMatch(), 1e-9);
        assertEquals(50.0, strict.answerableNoAnswer(), 1e-9);
        assertEquals(100.0, strict.unanswerableNoAnswer(), 1e-9);

        NoAnswerCurve.Point pipeline = NoAnswerCurve.at(SCORED, 0);
        assertEquals(50.0, pipeline.answerableNoAnswer(), 1e-9);
        assertEquals(50.0, pipeline.unanswerableNoAnswer(), 1e-9);

        NoAnswerCurve.Point lenient = NoAnswerCurve.at(SCORED, 1);
        assertEquals(0.0, lenient.answerableNoAnswer(), 1e-9);
        assertEquals(0.0, lenient.unanswerableNoAnswer(), 1e-9);
        assertEquals(50.0, lenient.answerableExactMatch(), 1e-9);
    }

    @Test
    void aQuestionWithoutAnySpanIsNoAnswerWhateverTheThreshold() {
        List<NoAnswerCurve.Scored> none = List.of(new NoAnswerCurve.Scored("", Double.NEGATIVE_INFINITY, 0.2, List.of()));
        assertEquals(100.0, NoAnswerCurve.at(none, 1e9).unanswerableNoAnswer(), 1e-9);
    }
}
