package io.bertstream.qa;

import io.bertstream.inference.Vectors;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Ranks an article's sentences for a question by the cosine of their (unit-length) embeddings. */
public final class SentenceRetriever {

    private SentenceRetriever() {
    }

    /** The indices of the {@code k} sentences most similar to the question, best first; ties keep document order. */
    public static int[] topK(float[] question, float[][] sentences, int k) {
        double[] scores = new double[sentences.length];
        for (int i = 0; i < sentences.length; i++) {
            scores[i] = Vectors.dot(question, sentences[i]);
        }
        return topK(scores, k);
    }

    /** The indices of the {@code k} highest scores, best first; ties keep document order. */
    public static int[] topK(double[] scores, int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).reversed())
                .limit(Math.max(0, k))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
