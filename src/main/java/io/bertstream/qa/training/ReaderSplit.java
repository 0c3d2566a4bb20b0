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
 * which of their articles are held out for validation, and which are carved from the training articles for tuning
 * (retrieval, recipe, no-answer threshold: choices are never made on the validation articles). No article is in two
 * parts; training is what is left.
 */
public record ReaderSplit(List<String> files, Set<String> validation, Set<String> tuning) {

    /** The split the bundled reader was trained with (it has no tuning part: it trained on those articles too). */
    public static final String RESOURCE = "bertstream/reader/split.json";
    /** The split of the next reader, trained as served ({@code train-qa}'s default): Spectre moves to validation. */
    public static final String NEXT_RESOURCE = "bertstream/reader/split-next.json";

    /** The split the bundled reader was trained with. */
    public static ReaderSplit bundled() {
        return resource(RESOURCE);
    }

    /** The split of the next reader (validation also holds an article with unanswerable questions). */
    public static ReaderSplit next() {
        return resource(NEXT_RESOURCE);
    }

    private static ReaderSplit resource(String name) {
        try (InputStream in = ReaderSplit.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
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
        Set<String> validation = titles(root.path("validation"));
        Set<String> tuning = titles(root.path("tuning"));
        if (tuning.stream().anyMatch(validation::contains)) {
            throw new IOException("an article is both in validation and in tuning: " + tuning);
        }
        return new ReaderSplit(List.copyOf(files), validation, tuning);
    }

    private static Set<String> titles(JsonNode array) {
        Set<String> titles = new LinkedHashSet<>();
        array.forEach(t -> titles.add(t.asText()));
        return Set.copyOf(titles);
    }

    /** All articles of the split's files, read from {@code dataDir}, in file order. */
    public SquadDataset load(Path dataDir) throws IOException {
        return SquadDataset.loadAll(files.stream().map(dataDir::resolve).toList());
    }

    /** The articles trained on: neither validation nor tuning. */
    public SquadDataset training(SquadDataset all) {
        return all.filter(title -> !validation.contains(title) && !tuning.contains(title));
    }

    /** The validation articles; fails when one of them is missing from the data. */
    public SquadDataset validation(SquadDataset all) {
        return part(all, validation, "validation");
    }

    /** The tuning articles; fails when one of them is missing from the data. */
    public SquadDataset tuning(SquadDataset all) {
        return part(all, tuning, "tuning");
    }

    private static SquadDataset part(SquadDataset all, Set<String> titles, String name) {
        SquadDataset held = all.filter(titles::contains);
        if (held.articles().size() != titles.size()) {
            throw new IllegalStateException(name + " articles missing from the data: expected " + titles
                    + ", found " + held.articles().stream().map(SquadDataset.Article::title).toList());
        }
        return held;
    }
}
