package io.bertstream.bench;

/**
 * What to run.
 *
 * @param warmups   untimed runs before each measurement
 * @param runs      timed runs of each measurement (the median is reported)
 * @param pipeline  whether to run the end-to-end measurements (broker and topology)
 */
public record BenchOptions(int warmups, int runs, boolean pipeline) {
}
