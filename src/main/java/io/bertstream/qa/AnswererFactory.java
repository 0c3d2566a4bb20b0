package io.bertstream.qa;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.SentenceEncoder;

import java.util.Locale;

import static io.bertstream.config.ConfigKeys.*;

/**
 * Builds the answerer the configuration names: by default the span reader (the bundled one, or the model of
 * {@code qa.model.path}) over retrieved sentences; {@code qa.answerer=sentence} for the most similar sentence.
 */
public final class AnswererFactory {

    /** The reader trained by {@code train-qa}, bundled in the jar. */
    public static final String BUNDLED_READER_RESOURCE = "bertstream/reader/minilm-squad-reader-int8.onnx";
    /** Name carried on answers of the bundled reader. */
    public static final String BUNDLED_READER_NAME = "bertstream-reader-minilm-l6-int8";

    private AnswererFactory() {
    }

    public static ArticleAnswerer create(BertstreamConfig c, SentenceEncoder encoder) {
        int topK = c.getInt(QA_TOP_K);
        String kind = c.get(QA_ANSWERER).trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "sentence" -> {
                return new SentenceSimilarityAnswerer(encoder, topK);
            }
            case "reader" -> {
                return new RetrieveReadAnswerer(encoder, reader(c), ranker(c), c.getInt(QA_RETRIEVE_CANDIDATES),
                        c.getInt(QA_RETRIEVE_NEIGHBOURS));
            }
            default -> throw new IllegalArgumentException(QA_ANSWERER + " must be reader or sentence, not " + kind);
        }
    }

    /** The sentence ranking of {@code qa.retrieve.scorer}. */
    public static SentenceRanker ranker(BertstreamConfig c) {
        return new SentenceRanker(SentenceRanker.Scorer.parse(c.get(QA_RETRIEVE_SCORER)));
    }

    /** The span engine: the model of {@code qa.model.path} with its tokenizer, else the bundled reader. */
    public static SpanQaEngine reader(BertstreamConfig c) {
        QaOptions options = qaOptions(c);
        int threads = c.getInt(INTRA_OP_THREADS);
        if (c.isSet(QA_MODEL_PATH)) {
            java.nio.file.Path model = java.nio.file.Path.of(c.require(QA_MODEL_PATH));
            java.nio.file.Path tokenizer = java.nio.file.Path.of(c.require(QA_TOKENIZER_PATH));
            return new SpanQaEngine(model, tokenizer, options, threads, c.getInt(QA_BATCH_WINDOWS),
                    c.getInt(QA_BATCH_TOKENS));
        }
        return new SpanQaEngine(BUNDLED_READER_NAME, ModelSource.parse("classpath:" + BUNDLED_READER_RESOURCE),
                DefaultModels.MINILM_TOKENIZER, options, threads, c.getInt(QA_BATCH_WINDOWS),
                c.getInt(QA_BATCH_TOKENS));
    }

    public static QaOptions qaOptions(BertstreamConfig c) {
        return new QaOptions(c.getInt(QA_MAX_SEQ_LEN), c.getInt(QA_DOC_STRIDE),
                c.getInt(QA_MAX_QUESTION_LEN), c.getInt(QA_MAX_ANSWER_LEN), c.getInt(QA_TOP_K),
                c.getBoolean(QA_HANDLE_IMPOSSIBLE), c.getBoolean(QA_ALIGN_TO_WORDS), c.getDouble(QA_NO_ANSWER_THRESHOLD));
    }
}
