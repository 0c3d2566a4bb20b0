package io.bertstream.qa.squad;

import io.bertstream.qa.QaInput;
import io.bertstream.qa.SpanAnswer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How {@code qa.no.answer.threshold} trades answerable questions against {@code NO_ANSWER} on unanswerable ones.
 * Each question is read once with the impossible answer ranked first (so the reader reports its null score, the
 * smallest over the windows read, and its best span); the curve then replays the engine's rule for each threshold
 * t: the span is the answer when {@code spanScore >= nullScore - t}, else NO_ANSWER.
 */
public final class NoAnswerCurve {

    /** One question's reading: its best span (empty when none) and scores, and its gold answers (none: unanswerable). */
    public record Scored(String span, double spanScore, double nullScore, List<String> golds) {
    }

    /**
     * The curve at one threshold.
     *
     * @param answerableExactMatch EM (0-100) on the answerable questions, NO_ANSWER counting as wrong
     * @param answerableF1         F1 (0-100) on the answerable questions
     * @param answerableNoAnswer   share (0-100) of answerable questions answered NO_ANSWER
     * @param unanswerableNoAnswer share (0-100) of unanswerable questions answered NO_ANSWER (their EM)
     */
    public record Point(double threshold, double answerableExactMatch, double answerableF1,
                        double answerableNoAnswer, double unanswerableNoAnswer) {
    }

    private NoAnswerCurve() {
    }

    /**
     * @param nullFirst answers a batch with the impossible answer first and the best span second (the reader with
     *                  {@code qa.handle.impossible.answer=true}, {@code qa.top.k=2} and a very negative threshold)
     */
    public static List<Scored> score(List<SquadExample> examples, Function<List<QaInput>, List<List<SpanAnswer>>> nullFirst,
                                     int batchSize) {
        List<Scored> scored = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<SquadExample> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            List<List<SpanAnswer>> answers = nullFirst.apply(batch.stream().map(SquadExample::toInput).toList());
            for (int i = 0; i < batch.size(); i++) {
                List<SpanAnswer> read = answers.get(i);
                double nullScore = read.stream().filter(SpanAnswer::isImpossible).mapToDouble(SpanAnswer::score)
                        .findFirst().orElse(0);
                SpanAnswer span = read.stream().filter(a -> !a.isImpossible()).findFirst().orElse(null);
                scored.add(new Scored(span == null ? "" : span.answer(), span == null ? Double.NEGATIVE_INFINITY
                        : span.score(), nullScore, batch.get(i).goldAnswers()));
            }
        }
        return scored;
    }

    /** The curve at threshold t. */
    public static Point at(List<Scored> scored, double t) {
        int answerable = 0;
        int unanswerable = 0;
        int exact = 0;
        double f1 = 0;
        int answerableNone = 0;
        int unanswerableNone = 0;
        for (Scored s : scored) {
            boolean none = s.span().isEmpty() || s.spanScore() < s.nullScore() - t;
            if (s.golds().isEmpty()) {
                unanswerable++;
                unanswerableNone += none ? 1 : 0;
            } else {
                answerable++;
                answerableNone += none ? 1 : 0;
                String answer = none ? "" : s.span();
                exact += SquadMetrics.exactMatch(answer, s.golds()) ? 1 : 0;
                f1 += SquadMetrics.f1(answer, s.golds());
            }
        }
        return new Point(t, percent(exact, answerable), answerable == 0 ? Double.NaN : 100.0 * f1 / answerable,
                percent(answerableNone, answerable), percent(unanswerableNone, unanswerable));
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }
}
