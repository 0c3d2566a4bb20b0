package io.bertstream.qa;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.util.Arrays;

/**
 * The tokens of one text (no special tokens) with their character ranges as UTF-16 indices into that text
 * and the id of the pre-tokenizer word each token belongs to.
 */
record ContextTokens(long[] ids, int[] charStarts, int[] charEnds, long[] wordIds) {

    /** Reads an encoding of {@code text}; the tokenizer reports offsets in code points, Java strings need UTF-16. */
    static ContextTokens of(String text, Encoding encoding) {
        int[] utf16Index = utf16IndexByCodePoint(text);
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            starts[i] = utf16Index[Math.min(spans[i].getStart(), utf16Index.length - 1)];
            ends[i] = utf16Index[Math.min(spans[i].getEnd(), utf16Index.length - 1)];
        }
        return new ContextTokens(encoding.getIds(), starts, ends, encoding.getWordIds());
    }

    int size() {
        return ids.length;
    }

    /** The first {@code maxTokens} tokens (all of them when there are fewer). */
    ContextTokens truncated(int maxTokens) {
        if (ids.length <= maxTokens) {
            return this;
        }
        return new ContextTokens(Arrays.copyOf(ids, maxTokens), Arrays.copyOf(charStarts, maxTokens),
                Arrays.copyOf(charEnds, maxTokens), Arrays.copyOf(wordIds, maxTokens));
    }

    /**
     * The characters of tokens {@code first..last} (inclusive). With {@code alignToWords} the range grows to the
     * whole words containing those tokens, but only over tokens in {@code [windowFrom, windowTo)}: like Hugging
     * Face's {@code word_to_chars} on a window's encoding, a word cut by the window edge is not completed.
     */
    TextSpan charSpan(int first, int last, int windowFrom, int windowTo, boolean alignToWords) {
        int from = first;
        int to = last;
        if (alignToWords && wordIds[first] >= 0 && wordIds[last] >= 0) {
            while (from > windowFrom && wordIds[from - 1] == wordIds[first]) {
                from--;
            }
            while (to + 1 < windowTo && wordIds[to + 1] == wordIds[last]) {
                to++;
            }
        }
        return new TextSpan(charStarts[from], charEnds[to]);
    }

    private static int[] utf16IndexByCodePoint(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int utf16 = 0;
        for (int cp = 0; cp < index.length - 1; cp++) {
            index[cp] = utf16;
            utf16 += Character.charCount(text.codePointAt(utf16));
        }
        index[index.length - 1] = utf16;
        return index;
    }
}
