package io.bertstream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory schema registry for tests, with Confluent's id rules: ids are assigned sequentially
 * from 1, one per distinct schema across all subjects; registering a schema a subject already has
 * returns its id without a new version.
 *
 * <p>As with Confluent's {@code mock://} URLs, {@link #forScope(String)} gives one shared instance
 * per scope name in the JVM, so a producer and a consumer configured with the same
 * {@code schema.registry.url=mock://NAME} see the same schemas.
 */
public final class MockSchemaRegistry implements SchemaRegistry {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    // schemas are compared by their full JSON, as a real registry compares the stored strings
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** A new registry of its own, not shared through {@link #forScope(String)}. */
    public MockSchemaRegistry() {
        this("unscoped");
    }

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The JVM-wide registry for {@code mock://scope}, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets the registry of {@code scope}, so the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idsBySchema.computeIfAbsent(schema.toString(), json -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, schema);
            return next;
        });
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        Integer id = idsBySchema.get(schema.toString());
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw notFound("/subjects/" + subject, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + schema.getFullName() + " not found under subject '" + subject + "'");
        }
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound("/schemas/ids/" + id, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw notFound("/subjects/" + subject + "/versions/latest",
                    SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(id, versions.size(), schemasById.get(id));
    }

    private SchemaRegistryException notFound(String path, int errorCode, String message) {
        return new SchemaRegistryException("mock://" + scope + path, 404, errorCode, message);
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[mock://" + scope + "]";
    }
}
