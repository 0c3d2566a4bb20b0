package io.bertstream.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** A 12-sentence news article hard-wrapped at 72 columns, as wire copy and e-mail come, summarised for real. */
class WrappedArticleSummaryTest {

    /** A whole sentence: opens with a capital (or a quote) and closes with terminal punctuation (and a quote). */
    private static final Pattern WHOLE = Pattern.compile("[\"\u201C]?[A-Z].*[.!?][\"\u201D]?", Pattern.DOTALL);

    private static String article() throws IOException {
        try (InputStream in = WrappedArticleSummaryTest.class.getResourceAsStream("/sentences/wrapped-news-12.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void givesTwelveSentencesAndASummaryOfWholeOnes() throws IOException {
        String body = article();
        assertTrue(body.lines().allMatch(line -> line.length() <= 72) && body.lines().count() > 12, "hard-wrapped");
        List<Sentence> sentences = SentenceSplitter.split(body);
        assertEquals(12, sentences.size(), () -> sentences.stream().map(Sentence::text).toList().toString());
        sentences.forEach(s -> assertTrue(WHOLE.matcher(s.text()).matches(), s.text()));

        float[][] embeddings;
        try (OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1))) {
            embeddings = encoder.encode(sentences.stream().map(Sentence::text).toList());
        }
        SummarySelection summary = ExtractiveSummarizer.select(sentences, embeddings, SummaryConfig.defaults());
        assertEquals(3, summary.chosen().size());
        for (Sentence chosen : summary.chosen()) {
            assertTrue(sentences.contains(chosen), chosen::text);
            assertEquals(body.substring(chosen.start(), chosen.end()), chosen.text());
            assertTrue(WHOLE.matcher(chosen.text()).matches(), chosen::text);
        }
    }
}
