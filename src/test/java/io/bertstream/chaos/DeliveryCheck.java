package io.bertstream.chaos;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What was sent against what came out: per output kind, how many inputs, outputs, duplicates (outputs beyond the
 * first for one input), losses (inputs without output), strays (outputs for inputs never sent) and, for answers,
 * offsets that do not point at the answer text in the article body.
 */
record DeliveryCheck(Counts summaries, Counts answers, List<String> problems) {

    /** The counts of one output kind. */
    record Counts(int sent, int received, int duplicates, int lost, int strays, int invalid) {

        boolean exactlyOnce() {
            return duplicates == 0 && lost == 0 && strays == 0 && invalid == 0 && received == sent;
        }
    }

    static DeliveryCheck of(Workload workload, List<OutputLedger.Received> outputs) {
        Map<String, Article> articles = workload.articles();
        Set<String> questionIds = workload.questions().stream().map(q -> q.getQuestionId()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> summaries = new HashMap<>();
        Map<String, Integer> answers = new HashMap<>();
        int invalid = 0;
        for (OutputLedger.Received r : outputs) {
            if (r.summary() != null) {
                summaries.merge(r.inputId(), 1, Integer::sum);
            } else {
                answers.merge(r.inputId(), 1, Integer::sum);
                String problem = offsetProblem(r.answer(), articles.get(r.answer().getArticleId()));
                if (problem != null) {
                    invalid++;
                    problems.add(problem);
                }
            }
        }
        return new DeliveryCheck(counts(articles.keySet(), summaries, 0, "summary", problems),
                counts(questionIds, answers, invalid, "answer", problems), List.copyOf(problems));
    }

    private static Counts counts(Set<String> sent, Map<String, Integer> received, int invalid, String kind,
                                 List<String> problems) {
        int duplicates = 0;
        int lost = 0;
        int strays = 0;
        for (String id : sent) {
            int n = received.getOrDefault(id, 0);
            if (n == 0) {
                lost++;
                problems.add("no " + kind + " for " + id);
            } else if (n > 1) {
                duplicates += n - 1;
                problems.add(n + " " + kind + "s for " + id);
            }
        }
        for (String id : received.keySet()) {
            if (!sent.contains(id)) {
                strays += received.get(id);
                problems.add(kind + " for " + id + ", which was never sent");
            }
        }
        int total = received.values().stream().mapToInt(Integer::intValue).sum();
        return new Counts(sent.size(), total, duplicates, lost, strays, invalid);
    }

    /** Why the answer's offsets are wrong for its article, or null when they are right. */
    private static String offsetProblem(Answer answer, Article article) {
        if (article == null) {
            return "answer " + answer.getQuestionId() + " names an unknown article " + answer.getArticleId();
        }
        // NO_ANSWER (on by default since issue 21) is an answer too: empty, at 0/0, its offsets hold
        if (answer.getStatus() != AnswerStatus.ANSWERED && answer.getStatus() != AnswerStatus.NO_ANSWER) {
            return "answer " + answer.getQuestionId() + " has status " + answer.getStatus();
        }
        String body = article.getBody();
        if (answer.getStart() < 0 || answer.getEnd() > body.length() || answer.getStart() > answer.getEnd()
                || !body.substring(answer.getStart(), answer.getEnd()).equals(answer.getAnswer())) {
            return "answer " + answer.getQuestionId() + ": [" + answer.getStart() + "," + answer.getEnd()
                    + ") does not hold '" + answer.getAnswer() + "'";
        }
        return null;
    }

    boolean exactlyOnce() {
        return summaries.exactlyOnce() && answers.exactlyOnce();
    }

    int lostCount() {
        return summaries.lost() + answers.lost();
    }
}
