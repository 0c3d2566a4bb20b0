package io.bertstream.serde;

import org.apache.avro.Schema;

/**
 * The few schema registry operations the serdes need, with Confluent's semantics: ids are global
 * (the same schema under two subjects has one id), versions count per subject from 1.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry answers an error or
 * cannot be reached.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} already registered under {@code subject}; fails if it is not. */
    int getId(String subject, Schema schema);

    /** Returns the schema with the given global id. */
    Schema getById(int id);

    /** Returns the newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);
}
