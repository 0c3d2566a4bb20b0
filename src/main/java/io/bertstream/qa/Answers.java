package io.bertstream.qa;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerSpan;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Question;

import java.time.Instant;
import java.util.List;

/**
 * Builds {@link Answer} events from an answerer's results: shared by the stream (questions topic) and the HTTP
 * API (synchronous questions), so both give the same event for the same result.
 */
public final class Answers {

    private Answers() {
    }

    /** The answer for a question about a live article; {@code spans} are the answerer's results, best first. */
    public static Answer answered(Question question, List<SpanAnswer> spans, String model, long now) {
        boolean none = spans.isEmpty() || spans.get(0).isImpossible();
        SpanAnswer best = spans.isEmpty() ? new SpanAnswer(0, 0, 0, "") : spans.get(0);
        List<AnswerSpan> alternatives = spans.stream().skip(1)
                .map(s -> new AnswerSpan(s.answer(), s.score(), s.start(), s.end()))
                .toList();
        return base(question, model, now)
                .setStatus(none ? AnswerStatus.NO_ANSWER : AnswerStatus.ANSWERED)
                .setAnswer(best.answer())
                .setScore(best.score())
                .setStart(best.start())
                .setEnd(best.end())
                .setContext(best.context())
                .setContextStart(best.contextStart())
                .setContextEnd(best.contextEnd())
                .setAlternatives(alternatives)
                .build();
    }

    /** The answer for a question about an unknown or deleted article. */
    public static Answer notFound(Question question, String model, long now) {
        return base(question, model, now).setStatus(AnswerStatus.ARTICLE_NOT_FOUND).build();
    }

    /** The answer for a question about an article that retention removed from the store. */
    public static Answer expired(Question question, String model, long now) {
        return base(question, model, now).setStatus(AnswerStatus.ARTICLE_EXPIRED).build();
    }

    private static Answer.Builder base(Question question, String model, long now) {
        return Answer.newBuilder()
                .setQuestionId(question.getQuestionId())
                .setArticleId(question.getArticleId())
                .setQuestion(question.getQuestion())
                .setAnswer("")
                .setScore(0)
                .setStart(0)
                .setEnd(0)
                .setModel(model)
                .setAlternatives(List.of())
                .setAnsweredAt(Instant.ofEpochMilli(now));
    }
}
