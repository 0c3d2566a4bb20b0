package io.bertstream.qa.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.qa.squad.SquadDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The by-article split of the reader's training data ({@code bertstream/reader/split.json}): which SQuAD files,
 * and which of their articles are held out for validation. No article has questions on both sides.
 */
public record ReaderSplit(List<String> files, Set<String> validation) {

    public static final String RESOURCE = "bertstream/reader/split.json";

    /** The split the bundled reader was trained with. */
    public static ReaderSplit bundled() {
        try (InputStream in = ReaderSplit.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A split file of the same form. */
    public static ReaderSplit read(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return parse(in);
        }
    }

    private static ReaderSplit parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<String> files = new ArrayList<>();
        root.path("files").forEach(f -> files.add(f.asText()));
        Set<String> validation = new LinkedHashSet<>();
        root.path("validation").forEach(t -> validation.add(t.asText()));
        return new ReaderSplit(List.copyOf(files), Set.copyOf(validation));
    }

    /** All articles of the split's files, read from {@code dataDir}, in file order. */
    public SquadDataset load(Path dataDir) throws IOException {
        return SquadDataset.loadAll(files.stream().map(dataDir::resolve).toList());
    }

    public SquadDataset training(SquadDataset all) {
        return all.filter(title -> !validation.contains(title));
    }

    /** The validation articles; fails when one of them is missing from the data. */
    public SquadDataset validation(SquadDataset all) {
        SquadDataset held = all.filter(validation::contains);
        if (held.articles().size() != validation.size()) {
            throw new IllegalStateException("validation articles missing from the data: expected " + validation
                    + ", found " + held.articles().stream().map(SquadDataset.Article::title).toList());
        }
        return held;
    }
}
