package io.bertstream.qa;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lucene's BM25 (k1 = 1.2, b = 0.75) over one article's sentences, each sentence a document, with Lucene's English
 * analysis (lower case, stop words, possessives, Porter stemming): SQuAD-style questions reuse the article's words,
 * which a dense ranking of a small encoder misses in a quarter of the questions. The index lives in memory for the
 * questions of one call; an article of a few hundred sentences indexes in milliseconds.
 */
public final class LexicalScorer {

    /** Most distinct terms of a question that are scored: a long question cannot make the query unbounded. */
    static final int MAX_QUERY_TERMS = 128;

    private static final String TEXT = "text";
    private static final String INDEX = "i";
    // Analyzers are thread-safe: token streams are reused per thread
    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    private LexicalScorer() {
    }

    /**
     * @return element q: the BM25 score of every sentence for question q (0 where no question term occurs)
     */
    public static double[][] scores(List<String> sentences, List<String> questions) {
        double[][] scores = new double[questions.size()][sentences.size()];
        if (sentences.isEmpty() || questions.isEmpty()) {
            return scores;
        }
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig(ANALYZER).setSimilarity(new BM25Similarity());
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (int s = 0; s < sentences.size(); s++) {
                    Document doc = new Document();
                    doc.add(new TextField(TEXT, sentences.get(s), Field.Store.NO));
                    doc.add(new StoredField(INDEX, s));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(new BM25Similarity());
                for (int q = 0; q < questions.size(); q++) {
                    BooleanQuery query = query(questions.get(q));
                    if (query.clauses().isEmpty()) {
                        continue;
                    }
                    for (ScoreDoc hit : searcher.search(query, sentences.size()).scoreDocs) {
                        int s = searcher.storedFields().document(hit.doc).getField(INDEX).numericValue().intValue();
                        scores[q][s] = hit.score;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory BM25 index failed", e);
        }
        return scores;
    }

    /** A disjunction of the question's distinct analysed terms (at most {@link #MAX_QUERY_TERMS}). */
    static BooleanQuery query(String question) throws IOException {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = ANALYZER.tokenStream(TEXT, question)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
                terms.add(term.toString());
            }
            tokens.end();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        terms.forEach(t -> query.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
        return query.build();
    }
}
