package io.bertstream.qa;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a (question, context) pair into model windows as Hugging Face's question-answering pipeline does with
 * {@code truncation="only_second", return_overflowing_tokens=True, stride=doc_stride}: the question (cut to
 * {@code maxQuestionLen} tokens) is repeated in every window and the context is cut into overlapping slices.
 */
final class QaTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final PairTemplate template;

    QaTokenizer(Path tokenizerJson) {
        try {
            // the tokenizer.json may carry its own truncation and padding: windows are built here instead
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
        }
        template = PairTemplate.probe(tokenizer);
    }

    /** Special tokens added around each (question, context) window. */
    int specialTokenCount() {
        return template.specialTokenCount();
    }

    ContextTokens tokenize(String text) {
        return ContextTokens.of(text, tokenizer.encode(text, false, false));
    }

    /** The windows of one input, in context order. */
    List<QaWindow> windows(int inputIndex, QaInput input, QaOptions options) {
        long[] question = tokenize(input.question()).truncated(options.maxQuestionLen()).ids();
        ContextTokens context = tokenize(input.context());
        int budget = options.maxSeqLen() - question.length - specialTokenCount();
        List<QaWindow> windows = new ArrayList<>();
        // the same slicing as the tokenizers library's Encoding::truncate with a stride
        int step = budget - options.docStride();
        if (step <= 0) {
            throw new IllegalArgumentException("docStride " + options.docStride()
                    + " leaves no room to advance: at most " + budget + " context tokens fit in a window");
        }
        for (int from = 0; ; from += step) {
            int to = Math.min(from + budget, context.size());
            windows.add(window(inputIndex, question, context, from, to));
            if (to == context.size()) {
                return windows;
            }
        }
    }

    private QaWindow window(int inputIndex, long[] question, ContextTokens context, int from, int to) {
        int length = specialTokenCount() + question.length + (to - from);
        long[] ids = new long[length];
        long[] types = new long[length];
        int contextOffset = -1;
        int at = 0;
        for (PairTemplate.Slot slot : template.slots()) {
            switch (slot.kind()) {
                case SPECIAL -> {
                    ids[at] = slot.tokenId();
                    types[at++] = slot.typeId();
                }
                case QUESTION -> at = copy(question, 0, question.length, slot.typeId(), ids, types, at);
                case CONTEXT -> {
                    contextOffset = at;
                    at = copy(context.ids(), from, to, slot.typeId(), ids, types, at);
                }
            }
        }
        return new QaWindow(inputIndex, ids, types, contextOffset, from, to, template.startsWithSpecialToken(), context);
    }

    private static int copy(long[] source, int from, int to, long typeId, long[] ids, long[] types, int at) {
        System.arraycopy(source, from, ids, at, to - from);
        Arrays.fill(types, at, at + to - from, typeId);
        return at + to - from;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
