package io.bertstream.qa;

/** A half-open range {@code [start, end)} of UTF-16 indices into a Java string. */
record TextSpan(int start, int end) {
}
