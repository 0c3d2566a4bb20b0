package io.bertstream.qa;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Retrieve, then read: the stored sentence embeddings pick the sentences most similar to the question, and the span
 * reader reads only those (with their neighbours, merged where they touch), so an answer costs about one window
 * however long the article is. With {@code candidates = 0} the reader reads the whole article.
 */
public final class RetrieveReadAnswerer implements ArticleAnswerer {

    private final SentenceEncoder encoder;
    private final SpanQaEngine reader;
    private final int candidates;
    private final int neighbours;

    public RetrieveReadAnswerer(SentenceEncoder encoder, SpanQaEngine reader, int candidates, int neighbours) {
        if (candidates < 0 || neighbours < 0) {
            throw new IllegalArgumentException("candidates and neighbours must not be negative");
        }
        this.encoder = encoder;
        this.reader = reader;
        this.candidates = candidates;
        this.neighbours = neighbours;
    }

    @Override
    public String name() {
        return reader.name();
    }

    @Override
    public List<List<SpanAnswer>> answer(List<Asked> questions) {
        float[][] embedded = candidates == 0 ? null
                : encoder.encode(questions.stream().map(Asked::question).toList());
        List<SpanQaEngine.Reading> readings = new ArrayList<>(questions.size());
        List<List<Sentence>> sentences = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            Asked asked = questions.get(i);
            String body = asked.article().getArticle().getBody();
            sentences.add(StoredArticles.sentences(asked.article()));
            readings.add(new SpanQaEngine.Reading(asked.question(), body, embedded == null
                    ? List.of(ReadingContext.whole(body)) : contexts(asked.article(), sentences.get(i), embedded[i])));
        }
        List<List<SpanAnswer>> read = reader.read(readings);
        List<List<SpanAnswer>> supported = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            List<Sentence> own = sentences.get(i);
            String body = readings.get(i).text();
            supported.add(read.get(i).stream().map(a -> supporting(a, own, body)).toList());
        }
        return supported;
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

    /** The reading contexts of one question: retrieval over the article's stored sentences. */
    private List<ReadingContext> contexts(ArticleState article, List<Sentence> sentences, float[] question) {
        if (sentences.isEmpty()) {
            return List.of();
        }
        int[] ranked = SentenceRetriever.topK(StoredArticles.similarities(article, question), candidates);
        return ReadingContext.around(sentences, ranked, neighbours);
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
