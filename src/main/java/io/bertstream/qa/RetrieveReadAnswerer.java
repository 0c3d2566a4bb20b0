package io.bertstream.qa;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Retrieve, then read: the {@link SentenceRanker} (stored sentence embeddings, BM25 over the sentences, or both)
 * picks the sentences that best match the question, and the span reader reads only those (with their neighbours,
 * merged where they touch), so an answer costs about one window per candidate however long the article is. With
 * {@code candidates = 0} the reader reads the whole article.
 */
public final class RetrieveReadAnswerer implements ArticleAnswerer {

    private final SpanQaEngine reader;
    private final ReadingPlanner planner;

    public RetrieveReadAnswerer(SentenceEncoder encoder, SpanQaEngine reader, SentenceRanker ranker, int candidates,
                                int neighbours) {
        this.reader = reader;
        this.planner = new ReadingPlanner(encoder, ranker, candidates, neighbours);
    }

    @Override
    public String name() {
        return reader.name();
    }

    @Override
    public List<List<SpanAnswer>> answer(List<Asked> questions) {
        List<SpanQaEngine.Reading> readings = readings(questions);
        List<List<SpanAnswer>> read = reader.read(readings);
        List<List<SpanAnswer>> supported = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            List<Sentence> own = StoredArticles.sentences(questions.get(i).article());
            String body = readings.get(i).text();
            supported.add(read.get(i).stream().map(a -> supporting(a, own, body)).toList());
        }
        return supported;
    }

    /** What the reader reads for each question (see {@link ReadingPlanner}). */
    public List<SpanQaEngine.Reading> readings(List<Asked> questions) {
        return planner.readings(questions);
    }

    /** The reader's windows for a reading (what one question costs the model). */
    public int windows(SpanQaEngine.Reading reading) {
        return reader.windowCount(reading);
    }

    /** The answer with the sentence(s) it lies in as its context. */
    static SpanAnswer supporting(SpanAnswer answer, List<Sentence> sentences, String body) {
        if (answer.isImpossible() || sentences.isEmpty()) {
            return answer;
        }
        int from = answer.start();
        int to = answer.end();
        for (Sentence s : sentences) {
            if (s.start() <= answer.start() && answer.start() < s.end()) {
                from = s.start();
            }
            if (s.start() < answer.end() && answer.end() <= s.end()) {
                to = s.end();
            }
        }
        return answer.withContext(body, Math.min(from, answer.start()), Math.max(to, answer.end()));
    }

    @Override
    public java.util.Optional<io.bertstream.inference.InferenceStats> modelStats() {
        return java.util.Optional.of(reader.stats());
    }

    @Override
    public void close() {
        reader.close();
    }
}
