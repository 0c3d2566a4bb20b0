package io.bertstream.topology;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentences and tokens the budget check made when an article was buffered, by its input's source, so the
 * batch neither re-splits nor re-tokenizes it. Memory only: after a restart the batch does what it lacks.
 */
final class PreparedArticles {

    /** An article's sentences and their tokens. */
    record Prepared(List<Sentence> sentences, TokenizedTexts tokens) {
    }

    private final SentenceEncoder encoder;
    private final BatchStats stats;
    private final Map<DeadLetters.Source, Prepared> kept = new HashMap<>();

    PreparedArticles(SentenceEncoder encoder, BatchStats stats) {
        this.encoder = encoder;
        this.stats = stats;
    }

    /** Keeps what the budget check made of the article read at {@code source}. */
    void keep(DeadLetters.Source source, List<Sentence> sentences, TokenizedTexts tokens) {
        kept.put(source, new Prepared(sentences, tokens));
    }

    /** What the budget check split and tokenized for the input at {@code source}, or done now (after a restart). */
    Prepared take(DeadLetters.Source source, String body) {
        Prepared prepared = kept.remove(source);
        if (prepared != null) {
            return prepared;
        }
        long started = System.nanoTime();
        List<Sentence> sentences = SentenceSplitter.split(body);
        long split = stats.recordStage(BatchStats.Stage.SPLIT, started);
        TokenizedTexts tokens = encoder.tokenize(sentences.stream().map(Sentence::text).toList());
        stats.recordStage(BatchStats.Stage.TOKENIZE, split);
        return new Prepared(sentences, tokens);
    }

    /** Forgets everything kept (nothing is buffered any more). */
    void clear() {
        kept.clear();
    }
}
