package io.bertstream.store;

import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import io.bertstream.state.ArticleState;
import io.bertstream.text.Sentence;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds and reads the per-article state kept in the {@code articles} store. */
public final class StoredArticles {

    private StoredArticles() {
    }

    /** The state of a summarised article; {@code model} names the encoder that computed the embeddings. */
    public static ArticleState of(Article article, List<Sentence> sentences, float[][] embeddings, Summary summary,
                                  String model, long now) {
        ArticleState.Builder state = ArticleState.newBuilder()
                .setArticleId(article.getId())
                .setArticle(article)
                .setSentenceStarts(sentences.stream().map(Sentence::start).toList())
                .setSentenceEnds(sentences.stream().map(Sentence::end).toList())
                .setSummary(summary);
        return withEmbeddings(state, embeddings, model, now);
    }

    /** The same article with embeddings computed again, by {@code model}. */
    public static ArticleState reembedded(ArticleState state, float[][] embeddings, String model, long now) {
        return withEmbeddings(ArticleState.newBuilder(state), embeddings, model, now);
    }

    private static ArticleState withEmbeddings(ArticleState.Builder state, float[][] embeddings, String model,
                                               long now) {
        int dimension = embeddings.length == 0 ? 0 : embeddings[0].length;
        ByteBuffer bytes = ByteBuffer.allocate(embeddings.length * (Float.BYTES + dimension))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : embeddings) {
            putQuantised(bytes, row);
        }
        return state.setDimension(dimension).setEmbeddings(bytes.flip()).setModel(model).setUpdatedAt(now).build();
    }

    /** Whether the stored embeddings were computed by {@code model} (state written before models were recorded: no). */
    public static boolean embeddedBy(ArticleState state, String model) {
        return model.equals(state.getModel());
    }

    /** The marker left by a tombstone: the article is known to be deleted. */
    public static ArticleState deleted(String articleId, long now) {
        return ArticleState.newBuilder().setArticleId(articleId).setArticle(null).setUpdatedAt(now).build();
    }

    public static boolean isLive(ArticleState state) {
        return state != null && state.getArticle() != null;
    }

    public static List<Sentence> sentences(ArticleState state) {
        String body = state.getArticle().getBody();
        List<Sentence> result = new ArrayList<>(state.getSentenceStarts().size());
        for (int i = 0; i < state.getSentenceStarts().size(); i++) {
            int start = state.getSentenceStarts().get(i);
            int end = state.getSentenceEnds().get(i);
            result.add(new Sentence(i, start, end, body.substring(start, end)));
        }
        return result;
    }

    public static float[][] embeddings(ArticleState state) {
        int n = state.getSentenceStarts().size();
        int dimension = state.getDimension();
        ByteBuffer bytes = state.getEmbeddings().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[][] result = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            float scale = bytes.getFloat();
            for (int d = 0; d < dimension; d++) {
                result[i][d] = bytes.get() * scale;
            }
        }
        return result;
    }

    /**
     * The dot product of {@code question} with each stored sentence embedding, read straight from the int8 bytes:
     * the same numbers as {@code Vectors.dot(question, embeddings(state)[i])} without expanding every embedding
     * into floats (a 20,000-sentence article would be 30 MB of them for each question).
     */
    public static double[] similarities(ArticleState state, float[] question) {
        int n = state.getSentenceStarts().size();
        int dimension = state.getDimension();
        ByteBuffer bytes = state.getEmbeddings().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            float scale = bytes.getFloat();
            double sum = 0;
            for (int d = 0; d < dimension; d++) {
                float value = bytes.get() * scale;
                sum += question[d] * value;
            }
            result[i] = sum;
        }
        return result;
    }

    /**
     * Embeddings are stored as int8 with one float scale per sentence (a quarter of float32): a 10,000-sentence
     * article then fits one changelog record (~3.9 MB instead of 15 MB). Cosine similarities move by ~1e-3.
     */
    private static void putQuantised(ByteBuffer bytes, float[] row) {
        float maxAbs = 0;
        for (float x : row) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        float scale = maxAbs == 0 ? 1 : maxAbs / 127f;
        bytes.putFloat(scale);
        for (float x : row) {
            bytes.put((byte) Math.round(x / scale));
        }
    }
}
