package io.bertstream.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model or tokenizer file comes from: a file path, or a resource on the classpath (the default
 * all-MiniLM-L6-v2 ships inside a Maven artifact). Nothing is ever downloaded. {@code sharedFrom}, when not null,
 * is the model whose tensors this graph shares and leaves out ({@link SharedTensorGraph}).
 */
public record ModelSource(String location, boolean classpath, ModelSource sharedFrom) {

    private static final String CLASSPATH_PREFIX = "classpath:";

    public ModelSource(String location, boolean classpath) {
        this(location, classpath, null);
    }

    /** {@code classpath:NAME} for a resource, anything else for a file path. */
    public static ModelSource parse(String location) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return new ModelSource(location.substring(CLASSPATH_PREFIX.length()), true);
        }
        return new ModelSource(location, false);
    }

    /** This graph, completed when read with the tensors it shares with {@code source}. */
    public ModelSource sharingTensorsOf(ModelSource source) {
        return new ModelSource(location, classpath, source);
    }

    public InputStream open() {
        try {
            if (!classpath) {
                return Files.newInputStream(Path.of(location));
            }
            InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(location);
            if (in == null) {
                throw new IOException("resource " + location + " is not on the classpath");
            }
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open model file " + this, e);
        }
    }

    /** The model's bytes; a graph sharing tensors with another model comes back complete. */
    public byte[] readAllBytes() {
        try (InputStream in = open()) {
            byte[] bytes = in.readAllBytes();
            return sharedFrom == null ? bytes : SharedTensorGraph.assemble(bytes, sharedFrom.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + this, e);
        }
    }

    @Override
    public String toString() {
        String own = classpath ? CLASSPATH_PREFIX + location : location;
        return sharedFrom == null ? own : own + " (with the tensors of " + sharedFrom + ")";
    }
}
