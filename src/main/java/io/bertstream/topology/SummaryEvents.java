package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.summarize.SummarySelection;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The summary event of an article: its chosen sentences, as a text and as offsets into the body. */
public final class SummaryEvents {

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private SummaryEvents() {
    }

    /** The summary event of a selection (also built by the bench, to size the stored state). */
    public static Summary of(Article article, SummarySelection selection, SummaryConfig config, int sentenceCount,
                             String model, long now) {
        List<SummarySentence> chosen = selection.chosen().stream()
                .map(s -> new SummarySentence(s.index(), s.text(), s.start(), s.end()))
                .toList();
        return Summary.newBuilder()
                .setArticleId(article.getId())
                .setSummary(summaryText(chosen))
                .setSentences(chosen)
                .setModel(model)
                .setCreatedAt(Instant.ofEpochMilli(now))
                .setOptions(SummaryOptionsMapping.toEvent(config))
                .setK(selection.k())
                .setCandidateCount(selection.candidateCount())
                .setSentenceCount(sentenceCount)
                .build();
    }

    /**
     * The chosen sentences joined with their white space normalised: a hard-wrapped body's line breaks and runs of
     * spaces become single spaces. The sentences[] keep the exact text and offsets into the body.
     */
    static String summaryText(List<SummarySentence> chosen) {
        return chosen.stream().map(s -> WHITE_SPACE.matcher(s.getText().strip()).replaceAll(" "))
                .collect(Collectors.joining(" "));
    }
}
