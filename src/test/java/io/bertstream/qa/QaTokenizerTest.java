package io.bertstream.qa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Windows built with the real BERT tokenizer: [CLS] question [SEP] context slice [SEP]. */
class QaTokenizerTest {

    private static final long SEP = 102;
    private static QaTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = new QaTokenizer(io.bertstream.inference.ModelSource.parse(BertVocabulary.tokenizerJson().toString()));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** {@code count} distinct single-token words. */
    private static String numberedWords(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    @Test
    void longContextIsSlicedLikeOverflowingTokensWithAStride() {
        QaOptions options = new QaOptions(32, 8, 8, 15, 1, false, true);
        String context = numberedWords(64);
        long[] contextIds = BertVocabulary.ids(context);
        long[] questionIds = BertVocabulary.ids("where is it?");

        List<QaWindow> windows = tokenizer.windows(7, new QaInput("where is it?", context), options);

        // 32 - 4 question tokens - 3 special tokens = 25 context tokens, advancing by 25 - 8
        assertEquals(List.of(0, 17, 34, 51), windows.stream().map(QaWindow::contextFrom).toList());
        assertEquals(List.of(25, 42, 59, 64), windows.stream().map(QaWindow::contextTo).toList());
        for (QaWindow window : windows) {
            int contextLength = window.contextTo() - window.contextFrom();
            long[] expectedIds = concat(new long[] {BertVocabulary.CLS}, questionIds, new long[] {SEP},
                    Arrays.copyOfRange(contextIds, window.contextFrom(), window.contextTo()), new long[] {SEP});
            assertArrayEquals(expectedIds, window.inputIds());
            assertEquals(6, window.contextOffset());
            assertEquals(7, window.inputIndex());
            long[] expectedTypes = new long[expectedIds.length];
            Arrays.fill(expectedTypes, 6, expectedTypes.length, 1);
            assertArrayEquals(expectedTypes, window.typeIds());
            boolean[] expectedScoreable = new boolean[expectedIds.length];
            expectedScoreable[0] = true;
            Arrays.fill(expectedScoreable, 6, 6 + contextLength, true);
            assertArrayEquals(expectedScoreable, window.scoreable());
        }
    }

    @Test
    void questionIsCutToMaxQuestionLenTokens() {
        QaOptions options = new QaOptions(32, 8, 8, 15, 1, false, true);
        String question = numberedWords(30);

        QaWindow window = tokenizer.windows(0, new QaInput(question, "a short context"), options).get(0);

        long[] expected = concat(new long[] {BertVocabulary.CLS}, Arrays.copyOf(BertVocabulary.ids(question), 8),
                new long[] {SEP}, BertVocabulary.ids("a short context"), new long[] {SEP});
        assertArrayEquals(expected, window.inputIds());
    }

    @Test
    void contextThatFitsMakesOneWindow() {
        List<QaWindow> windows = tokenizer.windows(0, new QaInput("why?", numberedWords(300)), QaOptions.defaults());

        assertEquals(1, windows.size());
        assertEquals(300, windows.get(0).contextTo());
        assertEquals(1 + 2 + 1 + 300 + 1, windows.get(0).length());
    }

    private static long[] concat(long[]... parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
    }
}
