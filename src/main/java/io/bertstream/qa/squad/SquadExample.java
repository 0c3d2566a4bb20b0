package io.bertstream.qa.squad;

import io.bertstream.qa.QaInput;

import java.util.List;

/**
 * One SQuAD question with its paragraph, the gold answer texts and where each starts in the paragraph (UTF-16
 * index); no gold answers for an unanswerable (v2.0) question.
 */
public record SquadExample(String id, String question, String context, List<String> goldAnswers,
                           List<Integer> goldStarts) {

    /** An example whose gold answers' positions are not known. */
    public SquadExample(String id, String question, String context, List<String> goldAnswers) {
        this(id, question, context, goldAnswers, List.of());
    }

    public QaInput toInput() {
        return new QaInput(question, context);
    }
}
