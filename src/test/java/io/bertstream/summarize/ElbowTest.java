package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ElbowTest {

    @Test
    void findsFourClearClusters() {
        Blobs blobs = Blobs.around(Blobs.orthogonalCenters(4, 10, 10), 12, 0.3, 8);
        assertEquals(4, Elbow.optimalK(blobs.points, 10, 12345L));
    }

    @Test
    void findsThreeClearClustersIn2D() {
        Blobs blobs = Blobs.around(new double[][] {{0, 0}, {20, 0}, {10, 17.32}}, 10, 0.5, 9);
        assertEquals(3, Elbow.optimalK(blobs.points, 8, 1L));
    }

    @Test
    void elbowIsTheLargestSecondDifference() {
        // second differences at k = 2, 3, 4: 100-80+30=50, 40-60+25=5, 30-50+22=2
        assertEquals(2, Elbow.elbowOf(new double[] {100, 40, 30, 25, 22}));
        // 100-180+20=-60, 90-40+15=65, 20-30+12=2
        assertEquals(3, Elbow.elbowOf(new double[] {100, 90, 20, 15, 12}));
    }

    @Test
    void noElbowMeansOne() {
        assertEquals(1, Elbow.elbowOf(new double[] {5}));
        assertEquals(1, Elbow.elbowOf(new double[] {5, 1}));
        assertEquals(1, Elbow.elbowOf(new double[] {40, 30, 20, 10}));
        assertEquals(1, Elbow.optimalK(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}}, 4, 3L));
    }

    @Test
    void curveStopsAtTheNumberOfPointsAndIsDeterministic() {
        double[][] points = {{0}, {1}, {5}};
        double[] curve = Elbow.inertiaCurve(points, 10, 4L);
        assertEquals(3, curve.length);
        assertEquals(0.0, curve[2], 1e-12);
        assertArrayEquals(curve, Elbow.inertiaCurve(points, 10, 4L));
    }
}
