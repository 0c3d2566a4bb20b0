package io.bertstream.inference;

import java.util.List;

/** Turns texts into L2-normalised sentence embeddings (one row per text, in input order). */
public interface SentenceEncoder extends AutoCloseable {

    /** A short name of the model, carried on output events. */
    String name();

    /** Length of each embedding. */
    int dimension();

    /** Number of tokens of each text after truncation, special tokens included (for batch token budgets). */
    int[] tokenCounts(List<String> texts);

    /** Tokenizes the texts once, for {@link #encode(TokenizedTexts)} and for counting their tokens. */
    TokenizedTexts tokenize(List<String> texts);

    /** Embeds texts this encoder tokenized; row i is the unit-length embedding of text i. */
    float[][] encode(TokenizedTexts texts);

    /** Embeds the texts; row i is the unit-length embedding of texts.get(i). */
    default float[][] encode(List<String> texts) {
        return encode(tokenize(texts));
    }

    @Override
    void close();
}
