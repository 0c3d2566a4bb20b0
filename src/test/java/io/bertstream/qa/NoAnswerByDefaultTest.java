package io.bertstream.qa;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.state.ArticleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default configuration with the real bundled reader: a question the article cannot answer comes back
 * NO_ANSWER (the empty answer), while the article's own questions are still answered. Before issue 21 the default
 * answered "What is the capital of France?" about a ferry strike with a span ("island side", score 0.00001).
 */
class NoAnswerByDefaultTest {

    private static OnnxSentenceEncoder encoder;
    private static ArticleAnswerer answerer;
    private static ArticleState article;

    @BeforeAll
    static void storeTheArticle() throws IOException {
        encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
        answerer = AnswererFactory.create(BertstreamConfig.of(Map.of()), encoder);
        try (InputStream in = NoAnswerByDefaultTest.class.getClassLoader().getResourceAsStream("qa/ferry-strike.txt")) {
            article = ContextAnswerer.stored(new String(in.readAllBytes(), StandardCharsets.UTF_8), encoder);
        }
    }

    @AfterAll
    static void close() {
        answerer.close();
        encoder.close();
    }

    private static SpanAnswer ask(String question) {
        List<SpanAnswer> answers = answerer.answer(List.of(new ArticleAnswerer.Asked(question, article))).get(0);
        assertFalse(answers.isEmpty(), question);
        return answers.get(0);
    }

    @Test
    void aQuestionTheArticleCannotAnswerIsNoAnswerByDefault() {
        SpanAnswer answer = ask("What is the capital of France?");
        assertTrue(answer.isImpossible(), "answered " + answer);
    }

    @Test
    void theArticlesOwnQuestionsAreStillAnswered() {
        assertEquals("Maritime Workers Union", ask("Who called the strike?").answer().replaceFirst("^the ", ""));
        assertEquals("Tomas Reyes", ask("Who is the union spokesman?").answer());
    }
}
