package io.bertstream.qa;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.SentenceEncoder;

import static io.bertstream.config.ConfigKeys.*;

/** Builds the answerer the configuration names: span QA when a model is given, else sentence similarity. */
public final class AnswererFactory {

    private AnswererFactory() {
    }

    public static ArticleAnswerer create(BertstreamConfig c, SentenceEncoder encoder) {
        int topK = c.getInt(QA_TOP_K);
        if (!c.isSet(QA_MODEL_PATH)) {
            return new SentenceSimilarityAnswerer(encoder, topK);
        }
        QaOptions options = new QaOptions(c.getInt(QA_MAX_SEQ_LEN), c.getInt(QA_DOC_STRIDE),
                c.getInt(QA_MAX_QUESTION_LEN), c.getInt(QA_MAX_ANSWER_LEN), topK,
                c.getBoolean(QA_HANDLE_IMPOSSIBLE), c.getBoolean(QA_ALIGN_TO_WORDS));
        return SpanQaAnswerer.open(java.nio.file.Path.of(c.require(QA_MODEL_PATH)),
                java.nio.file.Path.of(c.require(QA_TOKENIZER_PATH)), options, c.getInt(INTRA_OP_THREADS));
    }
}
