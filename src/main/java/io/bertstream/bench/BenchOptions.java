package io.bertstream.bench;

/**
 * What to run.
 *
 * @param warmups   untimed runs before each measurement
 * @param runs      timed runs of each measurement (the median is reported)
 * @param pipeline  whether to run the end-to-end measurements (broker and topology)
 * @param pipelineOnly only the configured encoder batched offline and the end-to-end measurements (for tuning)
 * @param agreementOnly only the figures that do not depend on timing (int8 against fp32, the clustering's noise)
 * @param squad     the SQuAD file whose questions measure QA padding, or null
 * @param quiet     no progress lines (the report goes out as JSON)
 * @param costsOnly only the cost figures (CPU and bytes per article and question, restore, expiry, fail-over)
 * @param stateOnly only restore, expiry and fail-over (of a 50-sentence article's state)
 * @param restoreArticles stored articles whose restore and expiry are measured
 * @param failoverArticles stored articles of the fail-over measurement
 * @param int8Models candidate int8 graphs to compare with fp32 (agreement) and to time (full run)
 * @param wholeArticles whole articles (paragraphs joined) for summary agreement, or null
 * @param calibration text that is not the benchmark corpus, for embedding cosines, or null
 */
public record BenchOptions(int warmups, int runs, boolean pipeline, boolean pipelineOnly, boolean agreementOnly,
                           java.nio.file.Path squad, boolean quiet, boolean costsOnly, boolean stateOnly,
                           int restoreArticles, int failoverArticles, java.util.List<java.nio.file.Path> int8Models,
                           BenchCorpus wholeArticles, BenchCorpus calibration) {
}
