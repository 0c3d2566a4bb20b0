package io.bertstream.qa;

import io.bertstream.inference.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the engine on ONNX models with designed logits: only chosen words get a high start or end logit (10 unless
 * said otherwise), every other token 0, so the expected spans and their probabilities follow by hand.
 */
class SpanQaEngineTest {

    private static final float HIGH = 10f;
    private static final double TOLERANCE = 1e-6;
    private static final String QUESTION = "where is it?";
    /** Single-token filler words with logit 0. */
    private static final String[] FILLER = {"river", "stone", "cloud", "field", "grass", "light", "house", "road"};

    @TempDir
    Path dir;

    /** Long contexts split into several windows: 32 tokens with a 4-token question leave 25 context tokens. */
    private static QaOptions smallWindows(int docStride, int topK) {
        return new QaOptions(32, docStride, 8, 15, topK, false, true);
    }

    private static QaOptions withTopK(QaOptions options, int topK) {
        return new QaOptions(options.maxSeqLen(), options.docStride(), options.maxQuestionLen(),
                options.maxAnswerLen(), topK, options.handleImpossibleAnswer(), options.alignToWords());
    }

    private static DesignedQaModel zebraToHarbor() {
        return new DesignedQaModel().start("zebra", HIGH).end("harbor", HIGH);
    }

    private SpanQaEngine engine(DesignedQaModel model, QaOptions options) {
        return new SpanQaEngine(model.write(dir, "designed.onnx"), BertVocabulary.tokenizerJson(), options, 1);
    }

    /** Softmax probability of a token with {@code logit} among {@code zeroLogitTokens} other tokens of logit 0. */
    private static double probability(double logit, int zeroLogitTokens) {
        return Math.exp(logit) / (Math.exp(logit) + zeroLogitTokens);
    }

    /** Score of a designed span in a window of {@code contextTokens} context tokens ([CLS] also competes). */
    private static double designedScore(double startLogit, double endLogit, int contextTokens) {
        return probability(startLogit, contextTokens) * probability(endLogit, contextTokens);
    }

    /** {@code count} single-token words: the placed ones at their token positions, filler elsewhere. */
    private static String words(int count, Map<Integer, String> placed) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(placed.getOrDefault(i, FILLER[i % FILLER.length]));
        }
        String text = String.join(" ", words);
        assertEquals(count, BertVocabulary.tokenCount(text), "every word must be one token");
        return text;
    }

    /** Words {@code first..last} (inclusive) of a text made by {@link #words}. */
    private static String wordRange(String text, int first, int last) {
        return String.join(" ", List.of(text.split(" ")).subList(first, last + 1));
    }

    private static SpanAnswer spanOf(String context, String answer, double score) {
        int start = context.indexOf(answer);
        return new SpanAnswer(score, start, start + answer.length(), answer);
    }

    private static void assertAnswer(SpanAnswer expected, SpanAnswer actual) {
        assertEquals(expected.answer(), actual.answer());
        assertEquals(expected.start(), actual.start());
        assertEquals(expected.end(), actual.end());
        assertEquals(expected.score(), actual.score(), TOLERANCE);
    }

    private static void assertAnswersMatchContext(QaInput input, List<SpanAnswer> answers) {
        for (SpanAnswer answer : answers) {
            assertEquals(input.context().substring(answer.start(), answer.end()), answer.answer());
        }
    }

    @Test
    void designedSpanHasExactCharacterOffsetsAndScore() {
        String context = "The quick fox met a zebra near the old harbor yesterday.";
        try (SpanQaEngine engine = engine(zebraToHarbor(), QaOptions.defaults())) {
            List<SpanAnswer> answers = engine.answer(new QaInput(QUESTION, context));

            double score = designedScore(HIGH, HIGH, BertVocabulary.tokenCount(context));
            assertEquals(1, answers.size());
            assertAnswer(new SpanAnswer(score, 20, 45, "zebra near the old harbor"), answers.get(0));
            assertEquals("designed", engine.name());
        }
    }

    @Test
    void inputNamesAreReadFromTheModel() {
        String context = "The quick fox met a zebra near the old harbor yesterday.";
        int contextTokens = BertVocabulary.tokenCount(context);
        double plain = designedScore(HIGH, HIGH, contextTokens);
        // token type 1 adds 1 to every context logit (and the last [SEP]'s, which is masked) but not to [CLS]'s
        double typed = Math.pow(Math.exp(HIGH + 1) / (Math.exp(HIGH + 1) + (contextTokens - 1) * Math.E + 1), 2);
        Map<DesignedQaModel.Inputs, Double> expectedScores = Map.of(
                DesignedQaModel.Inputs.IDS, plain,
                DesignedQaModel.Inputs.IDS_MASK, plain,
                DesignedQaModel.Inputs.IDS_MASK_TYPES, typed);
        expectedScores.forEach((inputs, score) -> {
            try (SpanQaEngine engine = engine(zebraToHarbor().inputs(inputs), QaOptions.defaults())) {
                assertAnswer(spanOf(context, "zebra near the old harbor", score),
                        engine.answer(new QaInput(QUESTION, context)).get(0));
            }
        });
    }

    @Test
    void rejectsAModelWithoutStartAndEndLogits() {
        Path model = zebraToHarbor().startOutputName("logits").write(dir, "not-qa.onnx");
        assertThrows(IllegalArgumentException.class,
                () -> new SpanQaEngine(model, BertVocabulary.tokenizerJson(), QaOptions.defaults(), 1));
    }

    @Test
    void rejectsOptionsThatLeaveNoRoomForTheStride() {
        Path model = zebraToHarbor().write(dir, "designed.onnx");
        QaOptions tooShort = new QaOptions(32, 8, 24, 15, 1, false, true);
        assertThrows(IllegalArgumentException.class,
                () -> new SpanQaEngine(model, BertVocabulary.tokenizerJson(), tooShort, 1));
    }

    @Test
    void answerCrossingAWindowBoundaryIsFoundThroughTheStride() {
        // windows of 25 context tokens: [0,25) and [17,40) with stride 8; [0,25) and [25,40) without
        String context = words(40, Map.of(22, "zebra", 28, "harbor"));
        String expected = wordRange(context, 22, 28);
        QaInput input = new QaInput(QUESTION, context);

        try (SpanQaEngine engine = engine(zebraToHarbor(), smallWindows(8, 1))) {
            assertAnswer(spanOf(context, expected, designedScore(HIGH, HIGH, 23)), engine.answer(input).get(0));
        }
        try (SpanQaEngine engine = engine(zebraToHarbor(), smallWindows(0, 1))) {
            SpanAnswer cut = engine.answer(input).get(0);
            assertNotEquals(expected, cut.answer());
            assertTrue(cut.score() < 0.1, "without overlap no window holds both words: " + cut);
        }
    }

    @Test
    void maxAnswerLenLimitsTheSpan() {
        String context = words(12, Map.of(2, "zebra", 3, "meadow", 8, "harbor"));
        DesignedQaModel model = zebraToHarbor().end("meadow", 5f);
        QaOptions defaults = QaOptions.defaults();
        QaOptions threeTokens = new QaOptions(384, 128, 64, 3, 1, false, true);

        try (SpanQaEngine engine = engine(model, defaults)) {
            SpanAnswer longest = engine.answer(new QaInput(QUESTION, context)).get(0);
            assertEquals(context.substring(context.indexOf("zebra"), context.indexOf("harbor") + 6), longest.answer());
        }
        try (SpanQaEngine engine = engine(model, threeTokens)) {
            double endProbability = Math.exp(5) / (Math.exp(5) + Math.exp(HIGH) + 11);
            double score = probability(HIGH, 12) * endProbability;
            assertAnswer(spanOf(context, "zebra meadow", score), engine.answer(new QaInput(QUESTION, context)).get(0));
        }
    }

    @Test
    void topKCollectsTheBestSpanOfEveryWindowSortedByScore() {
        // windows [0,25) [17,42) [34,59) [51,64): each pair lies in one window only
        Map<Integer, String> placed = new HashMap<>(Map.of(3, "falcon", 5, "harbor", 27, "zebra", 29, "harbor"));
        placed.putAll(Map.of(44, "penguin", 46, "harbor"));
        String context = words(64, placed);
        DesignedQaModel model = new DesignedQaModel().start("falcon", 6f).start("zebra", HIGH).start("penguin", 8f)
                .end("harbor", HIGH);

        try (SpanQaEngine engine = engine(model, smallWindows(8, 3))) {
            List<SpanAnswer> answers = engine.answer(new QaInput(QUESTION, context));

            assertEquals(3, answers.size());
            assertAnswer(spanOf(context, wordRange(context, 27, 29), designedScore(HIGH, HIGH, 25)), answers.get(0));
            assertAnswer(spanOf(context, wordRange(context, 44, 46), designedScore(8, HIGH, 25)), answers.get(1));
            assertAnswer(spanOf(context, wordRange(context, 3, 5), designedScore(6, HIGH, 25)), answers.get(2));
        }
    }

    @Test
    void impossibleAnswerWinsWhenClsScoresHighest() {
        String context = "Nothing in this sentence answers the question.";
        int contextTokens = BertVocabulary.tokenCount(context);
        DesignedQaModel model = new DesignedQaModel().start(BertVocabulary.CLS, HIGH).end(BertVocabulary.CLS, HIGH);
        QaOptions impossibleAllowed = new QaOptions(384, 128, 64, 15, 1, true, true);

        try (SpanQaEngine engine = engine(model, impossibleAllowed)) {
            assertAnswer(new SpanAnswer(designedScore(HIGH, HIGH, contextTokens), 0, 0, ""),
                    engine.answer(new QaInput(QUESTION, context)).get(0));
        }
        try (SpanQaEngine engine = engine(model, QaOptions.defaults())) {
            SpanAnswer forced = engine.answer(new QaInput(QUESTION, context)).get(0);
            assertFalse(forced.answer().isEmpty());
        }
    }

    @Test
    void impossibleAnswerCompetesOnItsScoreWhenASpanWins() {
        String context = "The quick fox met a zebra near the old harbor yesterday.";
        int others = BertVocabulary.tokenCount(context) - 1;
        DesignedQaModel model = zebraToHarbor().start(BertVocabulary.CLS, 2f).end(BertVocabulary.CLS, 2f);
        double designed = Math.exp(HIGH) / (Math.exp(HIGH) + Math.exp(2) + others);
        double cls = Math.exp(2) / (Math.exp(HIGH) + Math.exp(2) + others);

        try (SpanQaEngine engine = engine(model, new QaOptions(384, 128, 64, 15, 1, true, true))) {
            assertAnswer(spanOf(context, "zebra near the old harbor", designed * designed),
                    engine.answer(new QaInput(QUESTION, context)).get(0));
        }
        try (SpanQaEngine engine = engine(model, new QaOptions(384, 128, 64, 15, 100, true, true))) {
            List<SpanAnswer> answers = engine.answer(new QaInput(QUESTION, context));

            List<SpanAnswer> impossible = answers.stream().filter(answer -> answer.answer().isEmpty()).toList();
            assertEquals(1, impossible.size());
            assertAnswer(new SpanAnswer(cls * cls, 0, 0, ""), impossible.get(0));
            for (int i = 1; i < answers.size(); i++) {
                assertTrue(answers.get(i - 1).score() >= answers.get(i).score(), "sorted best first");
            }
        }
    }

    @Test
    void questionLongerThanMaxQuestionLenIsTruncatedAndStillAnswered() {
        // 30 question tokens would leave no context room in a 32-token window: only the first 8 are kept
        String question = words(30, Map.of()) + "?";
        String context = words(20, Map.of(4, "zebra", 6, "harbor"));

        try (SpanQaEngine engine = engine(zebraToHarbor(), smallWindows(8, 1))) {
            assertAnswer(spanOf(context, wordRange(context, 4, 6), designedScore(HIGH, HIGH, 20)),
                    engine.answer(new QaInput(question, context)).get(0));
        }
    }

    @Test
    void batchPaddingDoesNotChangeResults() {
        Map<Integer, String> placed = new HashMap<>(Map.of(3, "falcon", 5, "harbor", 27, "zebra", 29, "harbor"));
        List<QaInput> inputs = List.of(
                new QaInput(QUESTION, words(64, placed)),
                new QaInput("where?", "A zebra at the harbor."),
                new QaInput(words(12, Map.of()), words(30, Map.of(20, "zebra", 24, "harbor"))),
                new QaInput(QUESTION, "falcon"));
        DesignedQaModel model = zebraToHarbor().start("falcon", 6f);
        QaOptions options = smallWindows(8, 3);
        Path modelPath = model.write(dir, "designed.onnx");

        List<List<SpanAnswer>> alone = new ArrayList<>();
        try (SpanQaEngine engine = new SpanQaEngine(modelPath, BertVocabulary.tokenizerJson(), options, 1, 1)) {
            inputs.forEach(input -> alone.add(engine.answer(input)));
        }
        for (int maxBatchWindows : new int[] {3, 16}) {
            try (SpanQaEngine engine = new SpanQaEngine(modelPath, BertVocabulary.tokenizerJson(), options, 1,
                    maxBatchWindows)) {
                assertEquals(alone, engine.answer(inputs), "batches of " + maxBatchWindows + " windows");
            }
        }
        assertEquals("zebra at the harbor", alone.get(1).get(0).answer());
        assertEquals("falcon", alone.get(3).get(0).answer());
    }

    @Test
    void windowsRunSortedByLengthSoBatchesArePaddedTightly() {
        // long, short, long, short: in arrival order both pairs would be padded to the long window
        List<QaInput> inputs = List.of(
                new QaInput(QUESTION, words(20, Map.of(3, "zebra", 5, "harbor"))),
                new QaInput(QUESTION, "A zebra at the harbor."),
                new QaInput(QUESTION, words(20, Map.of(7, "zebra", 9, "harbor"))),
                new QaInput(QUESTION, "The zebra left the harbor."));
        QaOptions options = smallWindows(8, 1);
        Path modelPath = zebraToHarbor().write(dir, "designed.onnx");
        int[] lengths = Arrays.stream(SpanQaEngine.windowLengths(
                ModelSource.parse(BertVocabulary.tokenizerJson().toString()), options, inputs))
                .flatMapToInt(Arrays::stream).toArray();
        assertEquals(4, lengths.length, "one window each");
        long real = Arrays.stream(lengths).sum();
        int longest = Arrays.stream(lengths).max().orElseThrow();
        try (SpanQaEngine engine = new SpanQaEngine(modelPath, BertVocabulary.tokenizerJson(), options, 1, 2)) {
            List<List<SpanAnswer>> answers = engine.answer(inputs);
            assertEquals(2, engine.stats().calls());
            assertEquals(real, engine.stats().realTokens());
            long shortPair = 2L * Math.max(lengths[1], lengths[3]);
            long longPair = 2L * Math.max(lengths[0], lengths[2]);
            assertEquals(shortPair + longPair, engine.stats().paddedTokens());
            assertTrue(engine.stats().paddedTokens() < 4L * longest, "tighter than arrival order");
            assertEquals("zebra at the harbor", answers.get(1).get(0).answer());
            assertEquals("zebra left the harbor", answers.get(3).get(0).answer());
        }
        // a token budget of one long window runs each long window alone
        try (SpanQaEngine engine = new SpanQaEngine(modelPath, BertVocabulary.tokenizerJson(), options, 1, 2,
                longest)) {
            engine.answer(inputs);
            assertEquals(3, engine.stats().calls());
        }
    }

    @Test
    void unicodeAndExtraWhiteSpaceKeepOffsetsExact() {
        String context = "Le café 😀 “zebra”  \n\n 東京 harbor’s view,\tnaïve 🎉 end.";
        QaInput input = new QaInput(QUESTION, context);
        DesignedQaModel model = new DesignedQaModel().start("cafe", HIGH).end("harbor", HIGH);

        try (SpanQaEngine engine = engine(model, withTopK(QaOptions.defaults(), 5))) {
            List<SpanAnswer> answers = engine.answer(input);

            double score = designedScore(HIGH, HIGH, BertVocabulary.tokenCount(context));
            assertAnswer(spanOf(context, "café 😀 “zebra”  \n\n 東京 harbor", score), answers.get(0));
            assertEquals(5, answers.size());
            assertAnswersMatchContext(input, answers);
        }
    }

    @Test
    void alignToWordsExtendsASubwordSpanToTheWholeWord() {
        String context = "The host was unaffable today.";
        long affix = BertVocabulary.ids("unaffable")[1];
        DesignedQaModel model = new DesignedQaModel().start(affix, HIGH).end(affix, HIGH);
        double score = designedScore(HIGH, HIGH, BertVocabulary.tokenCount(context));

        try (SpanQaEngine engine = engine(model, QaOptions.defaults())) {
            assertAnswer(spanOf(context, "unaffable", score), engine.answer(new QaInput(QUESTION, context)).get(0));
        }
        QaOptions tokensOnly = new QaOptions(384, 128, 64, 15, 1, false, false);
        try (SpanQaEngine engine = engine(model, tokensOnly)) {
            assertAnswer(spanOf(context, "ffa", score), engine.answer(new QaInput(QUESTION, context)).get(0));
        }
    }

    @Test
    void readingOnlyGivenContextsKeepsOffsetsIntoTheWholeText() {
        String first = "The quick fox met a zebra near the old harbor yesterday.";
        String second = "A falcon flew over the harbor at dawn.";
        String text = first + " " + second;
        DesignedQaModel model = new DesignedQaModel().start("falcon", HIGH).start("zebra", 6f).end("harbor", HIGH);
        int secondStart = first.length() + 1;

        try (SpanQaEngine engine = engine(model, QaOptions.defaults())) {
            List<SpanAnswer> onlySecond = engine.read(List.of(new SpanQaEngine.Reading(QUESTION, text,
                    List.of(new ReadingContext(secondStart, text.length(), 1, 1))))).get(0);
            int at = text.indexOf("falcon flew over the harbor");
            assertAnswer(new SpanAnswer(designedScore(HIGH, HIGH, BertVocabulary.tokenCount(second)), at,
                    at + "falcon flew over the harbor".length(), "falcon flew over the harbor"), onlySecond.get(0));

            // the falcon is not read when only the first sentence is: the zebra's span is found instead
            List<SpanAnswer> onlyFirst = engine.read(List.of(new SpanQaEngine.Reading(QUESTION, text,
                    List.of(new ReadingContext(0, first.length(), 0, 0))))).get(0);
            assertEquals("zebra near the old harbor", onlyFirst.get(0).answer());
            assertEquals(text.indexOf("zebra"), onlyFirst.get(0).start());
        }
    }

    @Test
    void equalAnswerTextsFromDifferentWindowsMergeWithSummedScores() {
        // windows [0,25) [17,42) [34,59) [51,64): "zebra stone harbor" at words 3-5 and 44-46, in different windows
        Map<Integer, String> placed = new HashMap<>(Map.of(3, "zebra", 4, "stone", 5, "harbor"));
        placed.putAll(Map.of(44, "zebra", 45, "stone", 46, "harbor"));
        String context = words(64, placed);
        try (SpanQaEngine engine = engine(zebraToHarbor(), smallWindows(8, 3))) {
            List<SpanAnswer> answers = engine.answer(new QaInput(QUESTION, context));

            assertEquals("zebra stone harbor", answers.get(0).answer());
            assertEquals(2 * designedScore(HIGH, HIGH, 25), answers.get(0).score(), TOLERANCE);
            assertEquals(context.indexOf("zebra stone harbor"), answers.get(0).start(), "the first occurrence");
            assertEquals(answers.size(), answers.stream().map(SpanAnswer::answer).distinct().count(),
                    "no two alternatives with the same text: " + answers);
            assertAnswersMatchContext(new QaInput(QUESTION, context), answers);
        }
    }

    @Test
    void noAnswerThresholdMovesTheImpossibleAnswerAgainstTheSpans() {
        String context = "The quick fox met a zebra near the old harbor yesterday.";
        int others = BertVocabulary.tokenCount(context) - 1;
        DesignedQaModel model = zebraToHarbor().start(BertVocabulary.CLS, 2f).end(BertVocabulary.CLS, 2f);
        double designed = Math.exp(HIGH) / (Math.exp(HIGH) + Math.exp(2) + others);
        double cls = Math.exp(2) / (Math.exp(HIGH) + Math.exp(2) + others);

        // the pipeline's rule (threshold 0): the span wins; a threshold below -(span - null) lets the null win
        double margin = designed * designed - cls * cls;
        try (SpanQaEngine engine = engine(model, new QaOptions(384, 128, 64, 15, 1, true, true, -margin - 1e-3))) {
            assertAnswer(new SpanAnswer(cls * cls, 0, 0, ""), engine.answer(new QaInput(QUESTION, context)).get(0));
        }
        try (SpanQaEngine engine = engine(model, new QaOptions(384, 128, 64, 15, 1, true, true, -margin + 1e-3))) {
            assertEquals("zebra near the old harbor", engine.answer(new QaInput(QUESTION, context)).get(0).answer());
        }
    }
}
