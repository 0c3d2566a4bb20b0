package io.bertstream.bench;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.EncoderSettings;
import io.bertstream.inference.OnnxSentenceEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.bertstream.config.ConfigKeys.MODEL_INT8;
import static io.bertstream.config.ConfigKeys.MODEL_MAX_TOKENS;

/** How closely our fp32 embeddings agree with the peer's (langchain4j), in {@code bench}'s report. */
final class PeerAgreement {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAgreement.class);
    /** langchain4j's tokenizer.json truncates at 128 tokens (its code's 510-token partitions never come into play). */
    static final int PEER_TRUNCATION = 128;

    private PeerAgreement() {
    }

    /**
     * Cosines with the peers over the sentences neither side truncates (there both compute the same function),
     * and over all. The peer truncates at 128 tokens (its tokenizer.json as is), we at model.max.tokens; on the
     * longer sentences, our encoder cut at 128 tokens must agree with the peer, which shows where it truncates.
     */
    static void report(BenchReport report, BertstreamConfig config, List<String> sentences, int[] tokenCounts,
                       float[][] ours, float[][] peer, float[][] tuned) {
        int limit = Math.min(config.getInt(MODEL_MAX_TOKENS), PEER_TRUNCATION);
        int[] whole = IntStream.range(0, tokenCounts.length).filter(i -> tokenCounts[i] < limit).toArray();
        int[] longer = IntStream.range(0, tokenCounts.length).filter(i -> tokenCounts[i] > PEER_TRUNCATION)
                .toArray();
        Agreement.Stats untruncated = Agreement.cosines(rows(ours, whole), rows(peer, whole));
        Agreement.Stats all = Agreement.cosines(ours, peer);
        report.put("peer_cosine_min", untruncated.min()).put("peer_cosine_mean", untruncated.mean())
                .put("tuned_peer_cosine_min", Agreement.cosines(tuned, peer).min())
                .put("sentences_over_peer_truncation", longer.length)
                .put("peer_cosine_min_with_truncated", all.min());
        if (longer.length > 0) {
            EncoderSettings s = EncoderFactory.settings(config.with(Map.of(MODEL_INT8, "false")));
            try (OnnxSentenceEncoder cut = new OnnxSentenceEncoder(s.withMaxTokens(PEER_TRUNCATION))) {
                List<String> texts = Arrays.stream(longer).mapToObj(sentences::get).toList();
                report.put("peer_cosine_min_cut_at_128", Agreement.cosines(cut.encode(texts), rows(peer, longer))
                        .min());
            }
        }
        LOG.info("Least agreement with the peer (cosine {}, {} tokens) on: {}", all.min(),
                tokenCounts[all.argMin()], sentences.get(all.argMin()));
    }

    private static float[][] rows(float[][] matrix, int[] indices) {
        return Arrays.stream(indices).mapToObj(i -> matrix[i]).toArray(float[][]::new);
    }
}
