package io.bertstream.topology;

import io.bertstream.inference.TokenizedTexts;

import io.bertstream.events.Article;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.summarize.ClusteringBudget;
import io.bertstream.summarize.SummaryConfig;
import io.bertstream.summarize.SummaryOptionRanges;
import io.bertstream.summarize.SummaryOptionsMapping;
import io.bertstream.text.Sentence;
import io.bertstream.text.SentenceSplitter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one article may cost, checked when it arrives and before any inference: body bytes, sentences, tokens and
 * the bytes of the state it would leave in the {@code articles} store (whose changelog record must fit a Kafka
 * record). Policy: an article over any budget is dead-lettered with the budget's reason code; it is never cut
 * and summarised in part. Cheap checks come first, so a huge article costs a sentence split at most before its
 * tokens are counted. The article's own summaryOptions must be in their documented ranges ({@code invalid-options})
 * and the clustering they ask for within the clustering budget ({@code too-costly}).
 */
record ArticleBudget(int maxBytes, int maxSentences, int maxTokens, int maxStateBytes, ClusteringBudget clustering) {

    /** Why an input goes to the dead-letter topic: a short code and a sentence for people. */
    record Rejection(String code, String reason) {
    }

    /**
     * The rejection (or null) and, for an accepted article, its sentences and their tokens, kept so the batch
     * neither splits nor tokenizes the article again.
     */
    record Verdict(Rejection rejection, List<Sentence> sentences, TokenizedTexts tokens) {
        static Verdict rejected(String code, String reason) {
            return new Verdict(new Rejection(code, reason), List.of(), null);
        }
    }

    Verdict check(String key, Article article, SentenceEncoder encoder, SummaryConfig summaryDefaults) {
        if (!key.equals(article.getId())) {
            return Verdict.rejected("key-mismatch",
                    "the record key '" + key + "' differs from the article id '" + article.getId() + "'");
        }
        if (article.getBody() == null || article.getBody().isBlank()) {
            return Verdict.rejected("empty-body", "the article body is empty");
        }
        String invalidOptions = SummaryOptionRanges.violations(article.getSummaryOptions());
        if (invalidOptions != null) {
            return Verdict.rejected("invalid-options", "the article's summaryOptions are out of range: "
                    + invalidOptions);
        }
        int bytes = article.getBody().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return Verdict.rejected("too-large", "the article body has " + bytes
                    + " bytes, more than article.max.bytes=" + maxBytes);
        }
        List<Sentence> sentences = SentenceSplitter.split(article.getBody());
        if (sentences.size() > maxSentences) {
            return Verdict.rejected("too-many-sentences", "the article has " + sentences.size()
                    + " sentences, more than article.max.sentences=" + maxSentences);
        }
        // the body is kept twice at most (the article, and the summary's sentences), its id, title and url once,
        // plus one embedding row (a float scale and one byte per dimension) and two offsets per sentence
        long stateBytes = 2L * bytes + utf8(article.getId()) + utf8(article.getTitle()) + utf8(article.getUrl())
                + (long) sentences.size() * (encoder.dimension() + Float.BYTES + 10);
        if (stateBytes > maxStateBytes) {
            return Verdict.rejected("state-too-large", "the article's state would take about " + stateBytes
                    + " bytes, more than the " + maxStateBytes + " a changelog record may have");
        }
        String tooCostly = clustering.violation(sentences,
                SummaryOptionsMapping.resolve(summaryDefaults, article.getSummaryOptions()), encoder.dimension());
        if (tooCostly != null) {
            return Verdict.rejected("too-costly", tooCostly);
        }
        TokenizedTexts tokens = encoder.tokenize(sentences.stream().map(Sentence::text).toList());
        if (tokens.totalTokens() > maxTokens) {
            return Verdict.rejected("too-many-tokens", "the article has " + tokens.totalTokens()
                    + " tokens, more than article.max.tokens=" + maxTokens);
        }
        return new Verdict(null, sentences, tokens);
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
