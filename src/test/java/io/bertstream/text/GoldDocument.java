package io.bertstream.text;

import java.util.List;
import java.util.TreeSet;

/**
 * A text with its labelled sentence boundaries, each given as the offset where a sentence (other than the first)
 * starts: its first character that is not white space.
 */
record GoldDocument(String name, String body, TreeSet<Integer> starts) {

    /** Marks the start of a sentence in a labelled text; white space after it is skipped. */
    static final char MARK = '\u2016';

    /** Reads a text in which {@link #MARK} precedes every sentence but the first. */
    static GoldDocument parse(String name, String marked) {
        StringBuilder body = new StringBuilder(marked.length());
        TreeSet<Integer> marks = new TreeSet<>();
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == MARK) {
                marks.add(body.length());
            } else {
                body.append(c);
            }
        }
        return of(name, body.toString(), marks);
    }

    /** A document whose boundaries lie somewhere in the white space before each offset of {@code marks}. */
    static GoldDocument of(String name, String body, Iterable<Integer> marks) {
        TreeSet<Integer> starts = new TreeSet<>();
        for (int mark : marks) {
            starts.add(firstVisible(body, mark));
        }
        return new GoldDocument(name, body, starts);
    }

    /** Boundaries as a splitter found them: the start of every sentence but the first. */
    static TreeSet<Integer> startsOf(List<Sentence> sentences) {
        TreeSet<Integer> starts = new TreeSet<>();
        for (int i = 1; i < sentences.size(); i++) {
            starts.add(sentences.get(i).start());
        }
        return starts;
    }

    int sentenceCount() {
        return starts.size() + 1;
    }

    /**
     * The same text hard-wrapped at {@code columns}, as e-mail and wire copy are: a space is replaced by a line
     * break wherever a line would grow longer. The length, and so every offset, is unchanged.
     */
    GoldDocument wrapped(int columns) {
        char[] chars = body.toCharArray();
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\n') {
                lineStart = i + 1;
                lastSpace = -1;
            } else {
                if (chars[i] == ' ') {
                    lastSpace = i;
                }
                if (i - lineStart >= columns && lastSpace > lineStart) {
                    chars[lastSpace] = '\n';
                    lineStart = lastSpace + 1;
                    lastSpace = -1;
                }
            }
        }
        return new GoldDocument(name + " [wrapped " + columns + "]", new String(chars), starts);
    }

    /** The same text with CRLF line ends (Windows, e-mail). */
    GoldDocument withCrlf() {
        StringBuilder crlf = new StringBuilder(body.length() + 64);
        int[] shift = new int[body.length() + 1];
        for (int i = 0; i < body.length(); i++) {
            shift[i] = crlf.length() - i;
            if (body.charAt(i) == '\n') {
                crlf.append('\r');
            }
            crlf.append(body.charAt(i));
        }
        shift[body.length()] = crlf.length() - body.length();
        TreeSet<Integer> moved = new TreeSet<>();
        for (int start : starts) {
            moved.add(start + shift[start]);
        }
        return new GoldDocument(name + " [CRLF]", crlf.toString(), moved);
    }

    private static int firstVisible(String body, int from) {
        int i = from;
        while (i < body.length() && Chars.isSpace(body.charAt(i))) {
            i++;
        }
        return i;
    }
}
