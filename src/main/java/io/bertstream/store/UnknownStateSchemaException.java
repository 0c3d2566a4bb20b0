package io.bertstream.store;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A state record written with a schema this version does not know: a newer version of the service wrote it (a
 * rolling upgrade that changed a state schema, with an old instance picking up the task). Reading on would
 * misread it and a new stream thread would meet it again, so the instance stops at once with this reason (see
 * {@code app.StreamFailures}) and the task moves to an instance that knows the schema.
 */
public final class UnknownStateSchemaException extends SerializationException {

    public UnknownStateSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
