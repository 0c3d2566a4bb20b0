package io.bertstream.inference;

import java.util.List;

/**
 * A sentence encoder that hands every call to a real one; tests override the calls they count or break. Closing it
 * leaves the real encoder open (tests share one).
 */
public abstract class ForwardingEncoder implements SentenceEncoder {

    protected final SentenceEncoder real;

    protected ForwardingEncoder(SentenceEncoder real) {
        this.real = real;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public int dimension() {
        return real.dimension();
    }

    @Override
    public int[] tokenCounts(List<String> texts) {
        return real.tokenCounts(texts);
    }

    @Override
    public TokenizedTexts tokenize(List<String> texts) {
        return real.tokenize(texts);
    }

    @Override
    public float[][] encode(TokenizedTexts texts) {
        return real.encode(texts);
    }

    @Override
    public void close() {
    }
}
