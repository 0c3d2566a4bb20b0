package io.bertstream.qa;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what the reader reads for each question about a stored article: the {@code candidates} sentences the
 * {@link SentenceRanker} ranks best, each widened by {@code neighbours} sentences (merged where they touch), or the
 * whole article when {@code candidates = 0}. Serving and the reader's training windows both come from here.
 */
public final class ReadingPlanner {

    private final SentenceEncoder encoder;
    private final SentenceRanker ranker;
    private final int candidates;
    private final int neighbours;

    public ReadingPlanner(SentenceEncoder encoder, SentenceRanker ranker, int candidates, int neighbours) {
        if (candidates < 0 || neighbours < 0) {
            throw new IllegalArgumentException("candidates and neighbours must not be negative");
        }
        this.encoder = encoder;
        this.ranker = ranker;
        this.candidates = candidates;
        this.neighbours = neighbours;
    }

    /** What the reader reads for each question: the retrieved contexts (or the whole article) of its body. */
    public List<SpanQaEngine.Reading> readings(List<ArticleAnswerer.Asked> questions) {
        List<SpanQaEngine.Reading> readings = new ArrayList<>(questions.size());
        if (candidates == 0) {
            for (ArticleAnswerer.Asked asked : questions) {
                String body = asked.article().getArticle().getBody();
                readings.add(new SpanQaEngine.Reading(asked.question(), body, List.of(ReadingContext.whole(body))));
            }
            return readings;
        }
        float[][] embedded = encoder.encode(questions.stream().map(ArticleAnswerer.Asked::question).toList());
        List<SentenceRanker.Query> queries = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            queries.add(SentenceRanker.Query.of(questions.get(i).question(), embedded[i],
                    questions.get(i).article()));
        }
        int[][] ranked = ranker.topK(queries, candidates);
        for (int i = 0; i < questions.size(); i++) {
            List<Sentence> sentences = queries.get(i).sentences();
            List<ReadingContext> contexts = sentences.isEmpty() ? List.of()
                    : ReadingContext.around(sentences, ranked[i], neighbours);
            readings.add(new SpanQaEngine.Reading(questions.get(i).question(),
                    questions.get(i).article().getArticle().getBody(), contexts));
        }
        return readings;
    }
}
