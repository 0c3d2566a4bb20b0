package io.bertstream.qa;

/** A candidate answer as window token positions {@code first..last} (inclusive) with its probability. */
record TokenSpan(int first, int last, double score) {
}
