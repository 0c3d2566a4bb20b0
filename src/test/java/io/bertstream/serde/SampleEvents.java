package io.bertstream.serde;

import io.bertstream.events.Answer;
import io.bertstream.events.AnswerSpan;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.events.SummaryOptions;
import io.bertstream.events.SummarySentence;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in instance of every event class, with every optional part set. */
final class SampleEvents {

    static final Instant T = Instant.ofEpochMilli(1_764_000_000_123L);

    private SampleEvents() {
    }

    static SummaryOptions options() {
        return new SummaryOptions(3, 0.25, 40, 600, true, "kmeans", false, 8, 42L);
    }

    static Article article() {
        return new Article("a-1", "Title é", "First sentence. Second one.", "https://example.org/a", T, options());
    }

    static Question question() {
        return new Question("q-1", "a-1", "What is first?", T);
    }

    static Summary summary() {
        return new Summary("a-1", "First sentence.", List.of(new SummarySentence(0, "First sentence.", 0, 15)),
                "all-MiniLM-L6-v2", T, options(), 1, 2, 2);
    }

    static Answer answer() {
        return new Answer("q-1", "a-1", "What is first?", "First sentence", 0.875, 0, 14, AnswerStatus.ANSWERED,
                "sentence-similarity:minilm", List.of(new AnswerSpan("Second one", 0.5, 16, 26)), T,
                "First sentence.", 0, 15);
    }

    static Stream<SpecificRecord> all() {
        return Stream.of(article(), question(), summary(), answer(), options(),
                new SummarySentence(1, "x", 2, 3), new AnswerSpan("y", 0.1, 4, 5),
                new Article("a-2", null, "Only a body.", null, null, null));
    }
}
