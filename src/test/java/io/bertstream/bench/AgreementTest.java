package io.bertstream.bench;

import io.bertstream.summarize.SummaryConfig;
import io.bertstream.text.Sentence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgreementTest {

    private static final SummaryConfig ONE_SENTENCE = new SummaryConfig(1, 0.2, 0, 600, false,
            SummaryConfig.Algorithm.KMEANS, false, 10, 12345);

    private static BenchCorpus.BenchArticle article() {
        List<Sentence> sentences = List.of(new Sentence(0, 0, 10, "First sentence."),
                new Sentence(1, 11, 20, "Second sentence."), new Sentence(2, 21, 30, "Third sentence."));
        return new BenchCorpus.BenchArticle("a", "", sentences);
    }

    @Test
    void countsTheSentencesOneSummaryReplaced() {
        // one cluster: the summary is the sentence nearest the mean; sentence 0 in the first set, 2 in the second
        float[][] first = {{1, 0}, {0.6f, 0.8f}, {0.6f, -0.8f}};
        float[][] second = {{0.6f, 0.8f}, {0.6f, -0.8f}, {1, 0}};
        float[][] both = {first[0], first[1], first[2], first[0], first[1], first[2]};
        float[][] mixed = {first[0], first[1], first[2], second[0], second[1], second[2]};
        List<BenchCorpus.BenchArticle> two = List.of(article(), article());

        Agreement.SummaryAgreement same = Agreement.summaries(two, both, both, ONE_SENTENCE);
        assertEquals(1.0, same.identicalShare());
        assertEquals(0.0, same.meanReplaced());
        assertEquals(0.0, same.oneReplacedShare());

        Agreement.SummaryAgreement half = Agreement.summaries(two, both, mixed, ONE_SENTENCE);
        assertEquals(0.5, half.identicalShare());
        assertEquals(0.5, half.meanReplaced());
        assertEquals(0.5, half.oneReplacedShare());
        assertEquals(0.5, half.meanJaccard());
    }
}
