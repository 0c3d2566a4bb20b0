package io.bertstream.qa;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.bertstream.inference.ModelSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.util.Map;
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

    QaTokenizer(ModelSource tokenizerJson) {
        // the tokenizer.json may carry its own truncation and padding: windows are built here instead
        try (InputStream in = tokenizerJson.open()) {
            tokenizer = HuggingFaceTokenizer.newInstance(in,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
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
        return windows(inputIndex, input.question(), input.context(), ReadingContext.whole(input.context()), options);
    }

    /**
     * The windows of the characters {@code part} of {@code text}, in order; their character spans are offsets into
     * {@code text}.
     */
    List<QaWindow> windows(int inputIndex, String questionText, String text, ReadingContext part, QaOptions options) {
        long[] question = tokenize(questionText).truncated(options.maxQuestionLen()).ids();
        ContextTokens context = tokenize(text.substring(part.start(), part.end()));
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
            windows.add(window(inputIndex, question, context, from, to, part.start()));
            if (to == context.size()) {
                return windows;
            }
        }
    }

    private QaWindow window(int inputIndex, long[] question, ContextTokens context, int from, int to, int charShift) {
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
        return new QaWindow(inputIndex, ids, types, contextOffset, from, to, template.startsWithSpecialToken(), context,
                charShift);
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
