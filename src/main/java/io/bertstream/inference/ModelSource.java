package io.bertstream.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model or tokenizer file comes from: a file path, or a resource on the classpath (the default
 * all-MiniLM-L6-v2 ships inside a Maven artifact). Nothing is ever downloaded.
 */
public record ModelSource(String location, boolean classpath) {

    private static final String CLASSPATH_PREFIX = "classpath:";

    /** {@code classpath:NAME} for a resource, anything else for a file path. */
    public static ModelSource parse(String location) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return new ModelSource(location.substring(CLASSPATH_PREFIX.length()), true);
        }
        return new ModelSource(location, false);
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

    public byte[] readAllBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + this, e);
        }
    }

    @Override
    public String toString() {
        return classpath ? CLASSPATH_PREFIX + location : location;
    }
}
