package io.bertstream.text;

import io.bertstream.qa.squad.SquadDataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The labelled sentence-splitting set: hand-written news documents ({@code sentences/news-gold.txt}) and
 * hand-checked SQuAD dev paragraphs ({@code sentences/squad-gold.tsv}, text read from the shared file), each
 * also hard-wrapped at 72 columns and, wrapped, with CRLF line ends.
 */
final class GoldSet {

    static final Path SQUAD_DEV = Path.of("..", "shared", "data", "squad-v1.1-dev.json");
    static final int WRAP_COLUMNS = 72;

    private GoldSet() {
    }

    static boolean squadAvailable() {
        return Files.isReadable(SQUAD_DEV);
    }

    static List<GoldDocument> news() throws IOException {
        List<GoldDocument> documents = new ArrayList<>();
        String name = null;
        StringBuilder block = new StringBuilder();
        for (String line : lines("/sentences/news-gold.txt")) {
            if (line.startsWith("=== ")) {
                addBlock(documents, name, block);
                name = line.substring(4);
                block.setLength(0);
            } else if (name != null) {
                block.append(line).append('\n');
            }
        }
        addBlock(documents, name, block);
        return documents;
    }

    static List<GoldDocument> squad() throws IOException {
        SquadDataset dataset = SquadDataset.load(SQUAD_DEV);
        List<GoldDocument> documents = new ArrayList<>();
        for (String line : lines("/sentences/squad-gold.tsv")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            int paragraph = Integer.parseInt(fields[1]);
            String context = dataset.articles().stream().filter(a -> a.title().equals(fields[0])).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no SQuAD article " + fields[0]))
                    .paragraphs().get(paragraph).context();
            if (context.length() != Integer.parseInt(fields[2])) {
                throw new IllegalStateException("SQuAD paragraph " + fields[0] + "#" + paragraph + " changed");
            }
            List<Integer> starts = fields[3].isEmpty() ? List.of()
                    : Arrays.stream(fields[3].split(",")).map(Integer::valueOf).toList();
            documents.add(GoldDocument.of(fields[0] + "#" + paragraph, context, starts));
        }
        return documents;
    }

    /** Each document as it is, hard-wrapped, and hard-wrapped with CRLF line ends. */
    static List<GoldDocument> withVariants(List<GoldDocument> originals) {
        List<GoldDocument> all = new ArrayList<>(originals);
        for (GoldDocument document : originals) {
            all.add(document.wrapped(WRAP_COLUMNS));
        }
        for (GoldDocument document : originals) {
            all.add(document.wrapped(WRAP_COLUMNS).withCrlf());
        }
        return all;
    }

    private static void addBlock(List<GoldDocument> documents, String name, StringBuilder block) {
        if (name != null) {
            String marked = block.length() > 0 ? block.substring(0, block.length() - 1) : "";
            documents.add(GoldDocument.parse(name, marked));
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = GoldSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
    }
}
