package io.bertstream.store;

import io.bertstream.events.Article;
import io.bertstream.inference.Vectors;
import io.bertstream.state.ArticleState;
import io.bertstream.text.Sentence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Similarities read straight from the stored int8 embeddings are the ones of the expanded floats, bit for bit. */
class StoredArticlesTest {

    @Test
    void similaritiesFromTheStoredBytesEqualThoseOfTheExpandedEmbeddings() {
        Random random = new Random(22);
        int n = 500;
        int dimension = 384;
        float[][] embeddings = new float[n][dimension];
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dimension; d++) {
                embeddings[i][d] = (float) random.nextGaussian();
            }
            sentences.add(new Sentence(i, i, i + 1, "x"));
        }
        float[] question = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            question[d] = (float) random.nextGaussian();
        }
        ArticleState state = StoredArticles.of(Article.newBuilder().setId("a").setBody("x".repeat(n + 1)).build(),
                sentences, embeddings, null, "model", 1);

        double[] direct = StoredArticles.similarities(state, question);
        float[][] expanded = StoredArticles.embeddings(state);
        for (int i = 0; i < n; i++) {
            assertEquals(Vectors.dot(question, expanded[i]), direct[i], 0.0, "sentence " + i);
        }
    }
}
