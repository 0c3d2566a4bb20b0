package io.bertstream.serde;

import org.apache.avro.Schema;

/**
 * One version of a subject in a schema registry.
 *
 * @param id      the schema's global id (what the wire format carries)
 * @param version the version within the subject, from 1
 * @param schema  the schema
 */
public record RegisteredSchema(int id, int version, Schema schema) {
}
