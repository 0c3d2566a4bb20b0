package io.bertstream.serde;

import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility;

/** Readable descriptions of Avro reader/writer incompatibilities. */
final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /** E.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2: rating}. */
    static String describe(SchemaCompatibility.SchemaPairCompatibility compatibility) {
        return compatibility.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }
}
