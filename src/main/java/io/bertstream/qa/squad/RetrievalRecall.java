package io.bertstream.qa.squad;

import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.ContextAnswerer;
import io.bertstream.qa.ReadingContext;
import io.bertstream.qa.SentenceRanker;
import io.bertstream.state.ArticleState;
import io.bertstream.store.StoredArticles;
import io.bertstream.text.Sentence;

import java.util.List;

/**
 * Retrieval recall: the share of answerable questions whose gold answer (any of them) lies inside the candidate
 * sentences retrieved for the question (by the configured ranking), for several numbers of candidates. The
 * sentences and their embeddings are those the service stores ({@link ContextAnswerer#indexed}).
 */
public final class RetrievalRecall {

    private RetrievalRecall() {
    }

    /**
     * @return element j: percentage (0-100) of answerable examples whose gold answer lies in the top {@code ks[j]}
     *         sentences, neighbours not counted; NaN when no example is answerable
     */
    public static double[] measure(List<SquadExample> examples, int[] ks, SentenceEncoder encoder,
                                   SentenceRanker ranker, ContextAnswerer contexts, int batchSize) {
        int maxK = 0;
        for (int k : ks) {
            maxK = Math.max(maxK, k);
        }
        int answerable = 0;
        int[] hits = new int[ks.length];
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<SquadExample> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            float[][] questions = encoder.encode(batch.stream().map(SquadExample::question).toList());
            List<SentenceRanker.Query> queries = new java.util.ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                ArticleState state = contexts.indexed(batch.get(i).context());
                queries.add(SentenceRanker.Query.of(batch.get(i).question(), questions[i], state));
            }
            int[][] rankings = ranker.topK(queries, maxK);
            for (int i = 0; i < batch.size(); i++) {
                SquadExample example = batch.get(i);
                if (example.goldStarts().isEmpty()) {
                    continue;
                }
                answerable++;
                List<Sentence> sentences = queries.get(i).sentences();
                int[] ranked = rankings[i];
                for (int j = 0; j < ks.length; j++) {
                    int[] top = java.util.Arrays.copyOf(ranked, Math.min(ks[j], ranked.length));
                    List<ReadingContext> candidates = ReadingContext.around(sentences, top, 0);
                    if (holdsGold(candidates, example)) {
                        hits[j]++;
                    }
                }
            }
        }
        double[] recall = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            recall[j] = answerable == 0 ? Double.NaN : 100.0 * hits[j] / answerable;
        }
        return recall;
    }

    static boolean holdsGold(List<ReadingContext> candidates, SquadExample example) {
        for (int g = 0; g < example.goldStarts().size(); g++) {
            int start = example.goldStarts().get(g);
            int end = start + example.goldAnswers().get(g).length();
            if (candidates.stream().anyMatch(c -> c.contains(start, end))) {
                return true;
            }
        }
        return false;
    }
}
