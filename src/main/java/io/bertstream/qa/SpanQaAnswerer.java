package io.bertstream.qa;

import java.nio.file.Path;
import java.util.List;

/** Span question answering (a Hugging Face extractive-QA ONNX model) over stored article bodies. */
public final class SpanQaAnswerer implements ArticleAnswerer {

    private final SpanQaEngine engine;

    private SpanQaAnswerer(SpanQaEngine engine) {
        this.engine = engine;
    }

    public static SpanQaAnswerer open(Path model, Path tokenizer, QaOptions options, int intraOpThreads) {
        return new SpanQaAnswerer(new SpanQaEngine(model, tokenizer, options, intraOpThreads));
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public List<List<SpanAnswer>> answer(List<Asked> questions) {
        return engine.answer(questions.stream()
                .map(q -> new QaInput(q.question(), q.article().getArticle().getBody()))
                .toList());
    }

    @Override
    public void close() {
        engine.close();
    }
}
