package io.bertstream.qa.squad;

/**
 * Scores of predictions on SQuAD questions.
 *
 * @param count              questions answered
 * @param exactMatch         percentage of exact matches (0-100)
 * @param f1                 mean token F1 as a percentage (0-100)
 * @param containsGold       percentage of answers that contain a normalised gold answer (0-100)
 * @param questionsPerSecond questions answered per second of wall-clock time
 */
public record SquadReport(int count, double exactMatch, double f1, double containsGold, double questionsPerSecond) {
}
