package io.bertstream.bench;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddingNoiseTest {

    private static float[][] unitRows(int n, int d) {
        Random random = new Random(7);
        float[][] rows = new float[n][d];
        for (float[] row : rows) {
            double norm = 0;
            for (int i = 0; i < d; i++) {
                row[i] = (float) random.nextGaussian();
                norm += row[i] * row[i];
            }
            for (int i = 0; i < d; i++) {
                row[i] /= (float) Math.sqrt(norm);
            }
        }
        return rows;
    }

    @Test
    void reachesTheAskedCosineOnAverage() {
        float[][] rows = unitRows(500, 384);
        for (double target : new double[]{0.99, 0.999}) {
            Agreement.Stats seen = Agreement.cosines(EmbeddingNoise.perturbed(rows, target, 1), rows);
            assertEquals(target, seen.mean(), (1 - target) * 0.05, "cosine " + target);
        }
    }

    @Test
    void isDeterministicAndLeavesCosineOneAlone() {
        float[][] rows = unitRows(3, 384);
        assertArrayEquals(EmbeddingNoise.perturbed(rows, 0.999, 5)[2], EmbeddingNoise.perturbed(rows, 0.999, 5)[2]);
        assertArrayEquals(rows[1], EmbeddingNoise.perturbed(rows, 1, 5)[1], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> EmbeddingNoise.perturbed(rows, 0, 5));
    }
}
