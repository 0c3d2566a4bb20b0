package io.bertstream.qa.squad;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.inference.TokenizedTexts;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.RetrieveReadAnswerer;
import io.bertstream.qa.SentenceRanker;
import io.bertstream.qa.SpanQaEngine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage against reader windows for every scorer, number of candidates and of neighbours: the measurement that
 * chooses the retrieval defaults (on the tuning articles). Each question is embedded once for the whole grid.
 */
public final class CoverageGrid {

    /** One setting and what it gives. */
    public record Cell(SentenceRanker.Scorer scorer, int candidates, int neighbours, ReaderCoverage coverage) {
    }

    private CoverageGrid() {
    }

    public static List<Cell> measure(List<SquadExample> examples, SentenceEncoder encoder, SpanQaEngine reader,
                                     ContextAnswerer contexts, int maxCandidates, int maxNeighbours, int batchSize) {
        SentenceEncoder once = new EmbeddedOnce(encoder);
        List<Cell> cells = new ArrayList<>();
        for (SentenceRanker.Scorer scorer : SentenceRanker.Scorer.values()) {
            for (int candidates = 1; candidates <= maxCandidates; candidates++) {
                for (int neighbours = 0; neighbours <= maxNeighbours; neighbours++) {
                    // not closed: the reader is the caller's
                    RetrieveReadAnswerer answerer = new RetrieveReadAnswerer(once, reader,
                            new SentenceRanker(scorer), candidates, neighbours);
                    cells.add(new Cell(scorer, candidates, neighbours,
                            ReaderCoverage.measure(examples, answerer, contexts, batchSize)));
                }
            }
        }
        return cells;
    }

    /** An encoder that embeds each text once (the questions, asked again for every cell of the grid). */
    private static final class EmbeddedOnce implements SentenceEncoder {
        private final SentenceEncoder encoder;
        private final Map<String, float[]> embedded = new HashMap<>();

        EmbeddedOnce(SentenceEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public float[][] encode(List<String> texts) {
            List<String> missing = texts.stream().filter(t -> !embedded.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                float[][] rows = encoder.encode(missing);
                for (int i = 0; i < rows.length; i++) {
                    embedded.put(missing.get(i), rows[i]);
                }
            }
            return texts.stream().map(embedded::get).toArray(float[][]::new);
        }

        @Override
        public String name() {
            return encoder.name();
        }

        @Override
        public int dimension() {
            return encoder.dimension();
        }

        @Override
        public int[] tokenCounts(List<String> texts) {
            return encoder.tokenCounts(texts);
        }

        @Override
        public TokenizedTexts tokenize(List<String> texts) {
            return encoder.tokenize(texts);
        }

        @Override
        public float[][] encode(TokenizedTexts texts) {
            return encoder.encode(texts);
        }

        @Override
        public void close() {
        }
    }
}
