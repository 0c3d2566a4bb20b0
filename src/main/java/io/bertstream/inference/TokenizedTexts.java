package io.bertstream.inference;

import ai.djl.huggingface.tokenizers.Encoding;

import java.util.List;

/**
 * Texts already tokenized by an encoder, so that counting them (for batch budgets) and embedding them later
 * tokenize once. Only the encoder that made it can embed it.
 */
public final class TokenizedTexts {

    private final Object owner;
    private final List<String> texts;
    private final Encoding[] encodings;
    private final int[] counts;

    TokenizedTexts(Object owner, List<String> texts, Encoding[] encodings) {
        this.owner = owner;
        this.texts = List.copyOf(texts);
        this.encodings = encodings;
        this.counts = new int[encodings.length];
        for (int i = 0; i < encodings.length; i++) {
            counts[i] = encodings[i].getIds().length;
        }
    }

    /** Several tokenized lists as one, in order (all from the same encoder). */
    public static TokenizedTexts concat(List<TokenizedTexts> parts) {
        if (parts.isEmpty()) {
            return new TokenizedTexts(null, List.of(), new Encoding[0]);
        }
        Object owner = parts.get(0).owner;
        Encoding[] all = parts.stream().peek(p -> {
            if (p.owner != owner && p.size() > 0) {
                throw new IllegalArgumentException("tokenized by different encoders");
            }
        }).flatMap(p -> java.util.Arrays.stream(p.encodings)).toArray(Encoding[]::new);
        return new TokenizedTexts(owner, parts.stream().flatMap(p -> p.texts.stream()).toList(), all);
    }

    /** The texts, in order. */
    public List<String> texts() {
        return texts;
    }

    public int size() {
        return encodings.length;
    }

    /** Tokens of text i after truncation, special tokens included. */
    public int tokens(int i) {
        return counts[i];
    }

    /** Tokens of all texts. */
    public int totalTokens() {
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    int[] counts() {
        return counts.clone();
    }

    Encoding[] encodings(Object encoder) {
        if (encoder != owner && encodings.length > 0) {
            throw new IllegalArgumentException("these texts were tokenized by another encoder");
        }
        return encodings;
    }
}
