package io.bertstream.bench;

import java.util.Random;

/** Unit embeddings moved by random isotropic noise to about a given cosine with the originals. */
final class EmbeddingNoise {

    private EmbeddingNoise() {
    }

    /**
     * Each row plus Gaussian noise of standard deviation {@code sqrt(1 / cosine^2 - 1) / sqrt(d)} per coordinate,
     * normalised again: for unit rows the expected cosine with the original is about {@code cosine}.
     */
    static float[][] perturbed(float[][] unitRows, double cosine, long seed) {
        if (!(cosine > 0 && cosine <= 1)) {
            throw new IllegalArgumentException("cosine must be in (0, 1]: " + cosine);
        }
        Random random = new Random(seed);
        float[][] out = new float[unitRows.length][];
        for (int i = 0; i < unitRows.length; i++) {
            float[] row = unitRows[i];
            double sigma = Math.sqrt(1 / (cosine * cosine) - 1) / Math.sqrt(row.length);
            double[] moved = new double[row.length];
            double norm = 0;
            for (int d = 0; d < row.length; d++) {
                moved[d] = row[d] + sigma * random.nextGaussian();
                norm += moved[d] * moved[d];
            }
            norm = Math.sqrt(norm);
            out[i] = new float[row.length];
            for (int d = 0; d < row.length; d++) {
                out[i][d] = (float) (moved[d] / norm);
            }
        }
        return out;
    }
}
