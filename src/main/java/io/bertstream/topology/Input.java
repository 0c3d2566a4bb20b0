package io.bertstream.topology;

/**
 * An input record as read, decoded: {@code value} is null for a tombstone. The raw bytes are kept so that a dead
 * letter carries exactly what was read, with no schema-registry round trip.
 */
record Input<I>(String key, I value, byte[] rawKey, byte[] rawValue, long timestamp, DeadLetters.Source source) {
}
