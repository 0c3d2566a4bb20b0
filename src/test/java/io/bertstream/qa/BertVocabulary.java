package io.bertstream.qa;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The real bert-base-uncased WordPiece tokenizer shipped in the all-MiniLM-L6-v2 jar, copied to a temp file once,
 * and look-ups of token ids for designing test models.
 */
final class BertVocabulary {

    static final int SIZE = 30522;
    static final long CLS = 101;

    private static final String RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static Path tokenizerJson;
    private static HuggingFaceTokenizer tokenizer;

    private BertVocabulary() {
    }

    static synchronized Path tokenizerJson() {
        if (tokenizerJson == null) {
            try (InputStream in = BertVocabulary.class.getResourceAsStream(RESOURCE)) {
                Path file = Files.createTempFile("bert-tokenizer", ".json");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                tokenizerJson = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizerJson;
    }

    private static synchronized HuggingFaceTokenizer tokenizer() {
        if (tokenizer == null) {
            try {
                tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson())
                        .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    /** The token ids of a text, without special tokens. */
    static long[] ids(String text) {
        return tokenizer().encode(text, false, false).getIds();
    }

    /** The id of a word that is a single token. */
    static long id(String word) {
        long[] ids = ids(word);
        if (ids.length != 1) {
            throw new IllegalArgumentException(word + " is " + ids.length + " tokens");
        }
        return ids[0];
    }

    /** Number of tokens of a text, without special tokens. */
    static int tokenCount(String text) {
        return ids(text).length;
    }
}
