package io.bertstream.qa.squad;

import io.bertstream.qa.QaInput;

import java.util.List;

/** One SQuAD question with its paragraph and the gold answer texts. */
public record SquadExample(String id, String question, String context, List<String> goldAnswers) {

    public QaInput toInput() {
        return new QaInput(question, context);
    }
}
