package io.bertstream.inference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real all-MiniLM-L6-v2 on ONNX Runtime. */
class OnnxSentenceEncoderTest {

    private static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void embeddingsAreUnitLengthWithTheModelsDimension() {
        float[][] e = encoder.encode(List.of("The cat sat on the mat.", "Stocks fell sharply on Monday."));
        assertEquals(384, encoder.dimension());
        for (float[] v : e) {
            assertEquals(384, v.length);
            assertEquals(1.0, Vectors.dot(v, v), 1e-5);
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        float[][] e = encoder.encode(List.of(
                "A man is playing a guitar.",
                "Someone plays the guitar.",
                "The central bank raised interest rates."));
        assertTrue(Vectors.dot(e[0], e[1]) > 0.7, "paraphrase similarity " + Vectors.dot(e[0], e[1]));
        assertTrue(Vectors.dot(e[0], e[2]) < 0.2, "unrelated similarity " + Vectors.dot(e[0], e[2]));
    }

    @Test
    void batchingByLengthGivesTheSameEmbeddingsAsOneByOne() {
        List<String> texts = List.of(
                "Short.",
                "A considerably longer sentence, with several clauses, that pads the batch a lot more than the others.",
                "Medium length sentence here.",
                "Another one.");
        float[][] batched = encoder.encode(texts);
        float[][] single = encoder.encodeOneByOne(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, Vectors.dot(batched[i], single[i]), 1e-5, "text " + i);
        }
    }

    @Test
    void textsLongerThanTheModelLimitAreTruncatedNotFatal() {
        String huge = "word ".repeat(5000);
        long before = encoder.stats().truncatedSentences();
        float[][] e = encoder.encode(List.of(huge, "Fine."));
        assertEquals(384, e[0].length);
        assertEquals(before + 1, encoder.stats().truncatedSentences());
        assertEquals(256, encoder.tokenCounts(List.of(huge))[0]);
    }

    @Test
    void subBatchesRespectSentenceAndTokenBudgets() {
        int[] lengths = {10, 50, 12, 11, 49, 300};
        List<int[]> batches = LengthBatcher.cut(lengths, 2, 110);
        // sorted: 10,11,12,49,50,300 -> [10,11] [12,49] (2*49=98) [50] (2*300 > 110) [300]
        assertEquals(4, batches.size());
        assertEquals(List.of(0, 3), List.of(batches.get(0)[0], batches.get(0)[1]));
        assertEquals(List.of(2, 4), List.of(batches.get(1)[0], batches.get(1)[1]));
        assertEquals(1, batches.get(2).length);
        assertEquals(5, batches.get(3)[0]);
    }

    @Test
    void aBatchIsCutWhereTheSortedLengthsJumpOnceItHasAFewInputs() {
        int[] lengths = {20, 20, 20, 20, 21, 40, 40, 40, 41, 10};
        // sorted: 10,20,20,20,20,21,40,40,40,41; all in one batch of 10 would be 1 - 272/410 = 34 % padding
        List<int[]> capped = LengthBatcher.cut(lengths, 32, 100_000);
        List<int[]> uncapped = LengthBatcher.cut(lengths, 32, 100_000, 1.0);
        assertEquals(1, uncapped.size());
        // [10,20,20,20] is never cut (fewer than 4); 20 joins (10 % padding), 21 would make it 12 %: cut;
        // [21,40,40,40], then 41 would make it 11 %: cut -> [10,20,20,20,20] [21,40,40,40] [41], 9.6 % padding
        assertEquals(List.of(5, 4, 1), capped.stream().map(b -> b.length).toList());
        assertTrue(LengthBatcher.paddingRatio(lengths, capped) < LengthBatcher.paddingRatio(lengths, uncapped) / 2);
    }

    @Test
    void paddingRatioOfArrivalOrderAgainstSortedBatches() {
        int[] lengths = {100, 10, 100, 10};
        // in order: [100,10] [100,10] -> 400 computed, 220 real; sorted: [10,10] [100,100] -> 220 computed
        assertEquals(1 - 220.0 / 400, LengthBatcher.paddingRatio(lengths, LengthBatcher.inOrder(4, 2)), 1e-12);
        assertEquals(0, LengthBatcher.paddingRatio(lengths, LengthBatcher.cut(lengths, 2, 1000)), 1e-12);
        assertEquals(List.of(2, 2, 1), LengthBatcher.inOrder(5, 2).stream().map(b -> b.length).toList());
    }

    @Test
    void sessionsOnTheSharedPoolOrOnPoolsOfTheirOwnComputeTheSameEmbeddings() {
        List<String> texts = List.of("The harbour bridge reopened on Monday.", "Sheep graze beneath the panels.");
        float[][] shared = encoder.encode(texts);
        for (boolean spinning : new boolean[] {true, false}) {
            EncoderSettings s = DefaultModels.miniLm(false, 1);
            EncoderSettings own = s.withThreading(new OrtThreading(2, spinning, false));
            assertFalse(OnnxSessions.onGlobalPool(own.threading()));
            try (OnnxSentenceEncoder separate = new OnnxSentenceEncoder(own)) {
                float[][] e = separate.encode(texts);
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(shared[i], e[i], 1e-5f, "spinning " + spinning);
                }
            }
        }
    }

    @Test
    void textsTokenizedOnceEmbedAsTheTextsThemselves() {
        List<String> texts = List.of("A short one.", "A somewhat longer sentence about the harbour bridge.");
        TokenizedTexts tokens = TokenizedTexts.concat(List.of(encoder.tokenize(texts.subList(0, 1)),
                encoder.tokenize(texts.subList(1, 2))));
        assertEquals(2, tokens.size());
        assertEquals(tokens.tokens(0) + tokens.tokens(1), tokens.totalTokens());
        float[][] once = encoder.encode(tokens);
        float[][] direct = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(direct[i], once[i], 0f);
        }
    }
}
