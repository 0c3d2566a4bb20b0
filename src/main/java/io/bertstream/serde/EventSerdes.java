package io.bertstream.serde;

import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the four event topics. */
public record EventSerdes(Serde<Article> article, Serde<Question> question, Serde<Summary> summary,
                         Serde<Answer> answer) {
}
