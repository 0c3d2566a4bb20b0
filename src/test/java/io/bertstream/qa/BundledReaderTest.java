package io.bertstream.qa;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled reader (trained by {@code train-qa}, int8) as the default answerer, on a sample article: the
 * expected answers were recorded from the shipped export, so a changed model, tokenizer, splitter, retrieval or
 * decoding shows here. Also: the same model given by {@code qa.model.path} answers the same.
 */
class BundledReaderTest {

    private static final String BODY = sample("harbour-bridge");
    /**
     * question, expected answer, start, end, score with VNNI int8 kernels, score without: recorded from the shipped
     * model. ONNX Runtime's u8s8 int8 kernel differs by CPU: with VNNI (AVX-512 VNNI, AVX-VNNI) it sums exactly,
     * on AVX2 alone its pairwise int16 sums saturate, so the scores move by up to 0.13 (the spans do not). Both
     * columns were measured: VNNI on an AVX-512 VNNI machine, AVX2 on an AMD EPYC without AVX-512 (2026-12-06).
     */
    private static final Object[][] EXPECTED = {
            {"How much will the bridge repairs cost?", "$2.5 million", 28, 40, 0.3216, 0.2182},
            {"Who will do the work?", "Northbay Construction Ltd.", 401, 427, 0.2503, 0.3484},
            {"When is the public meeting about the timetable?", "Jan. 15", 967, 974, 0.9298, 0.9175},
            {"How many of the bridge's cables had corroded?", "14", 158, 160, 0.4214, 0.5496},
            {"Who is the mayor?", "Dr. Helen Ortiz", 222, 237, 0.9174, 0.9033},
    };
    /** The score column of this CPU's int8 kernel. */
    private static final int SCORE_COLUMN = CpuInt8Kernel.hasVnni() ? 4 : 5;
    /** Within one kernel the scores repeat; the tolerance leaves room for the kernels' minor variants. */
    private static final double SCORE_TOLERANCE = 0.02;

    private static OnnxSentenceEncoder encoder;
    private static ArticleState article;

    @TempDir
    static Path dir;

    @BeforeAll
    static void storeTheArticle() {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
        List<Sentence> sentences = SentenceSplitter.split(BODY);
        float[][] embeddings = encoder.encode(sentences.stream().map(Sentence::text).toList());
        article = StoredArticles.of(Article.newBuilder().setId("harbour-bridge").setBody(BODY).build(), sentences,
                embeddings, null, encoder.name(), 0);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static String sample(String name) {
        try (InputStream in = BundledReaderTest.class.getClassLoader()
                .getResourceAsStream("bertstream/samples/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One question per call: int8 dynamic quantization scales activations over the whole batch, so the scores of a
     * question move a little with the other windows of its batch.
     */
    private static List<SpanAnswer> ask(ArticleAnswerer answerer) {
        return java.util.Arrays.stream(EXPECTED)
                .map(q -> answerer.answer(List.of(new ArticleAnswerer.Asked((String) q[0], article))).get(0).get(0))
                .toList();
    }

    @Test
    void theDefaultAnswererIsTheBundledReaderGivingShortSpansWithTheirSentence() {
        try (ArticleAnswerer answerer = AnswererFactory.create(BertstreamConfig.of(Map.of()), encoder)) {
            assertEquals(AnswererFactory.BUNDLED_READER_NAME, answerer.name());
            List<SpanAnswer> answers = ask(answerer);
            for (int i = 0; i < EXPECTED.length; i++) {
                SpanAnswer a = answers.get(i);
                assertEquals(EXPECTED[i][1], a.answer(), (String) EXPECTED[i][0]);
                assertEquals(EXPECTED[i][2], a.start());
                assertEquals(EXPECTED[i][3], a.end());
                assertEquals((double) EXPECTED[i][SCORE_COLUMN], a.score(), SCORE_TOLERANCE, a.toString());
                assertEquals(a.answer(), BODY.substring(a.start(), a.end()));
                assertEquals(a.context(), BODY.substring(a.contextStart(), a.contextEnd()));
                assertTrue(a.contextStart() <= a.start() && a.end() <= a.contextEnd(), a.toString());
                assertTrue(SentenceSplitter.split(BODY).stream()
                        .anyMatch(s -> s.start() == a.contextStart() && s.end() == a.contextEnd()), "one sentence");
                assertTrue(a.score() > 0 && a.score() <= 1, a.toString());
            }
        }
    }

    @Test
    void theSameModelGivenByPathAnswersTheSame() throws Exception {
        Path model = dir.resolve("reader.onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(AnswererFactory.BUNDLED_READER_RESOURCE)) {
            Files.copy(in, model);
        }
        Path tokenizer = dir.resolve("tokenizer.json");
        Files.write(tokenizer, DefaultModels.MINILM_TOKENIZER.readAllBytes());
        BertstreamConfig byPath = BertstreamConfig.of(Map.of("qa.model.path", model.toString(),
                "qa.tokenizer.path", tokenizer.toString()));
        try (ArticleAnswerer bundled = AnswererFactory.create(BertstreamConfig.of(Map.of()), encoder);
             ArticleAnswerer user = AnswererFactory.create(byPath, encoder)) {
            assertEquals("reader", user.name());
            assertEquals(ask(bundled), ask(user));
        }
    }

    @Test
    void theSentenceAnswererStaysAvailableByConfig() {
        try (ArticleAnswerer answerer = AnswererFactory.create(BertstreamConfig.of(Map.of("qa.answerer", "sentence")),
                encoder)) {
            SpanAnswer a = ask(answerer).get(1);
            assertTrue(SentenceSplitter.split(BODY).stream().anyMatch(s -> s.text().equals(a.answer())), a.answer());
        }
    }
}
