package io.bertstream.logging;

/**
 * Text from outside (Kafka record keys, request paths) made safe for one log line: control characters (line
 * breaks, escape sequences) become {@code \\uXXXX}, backslashes are doubled, and the text is cut at
 * {@link #MAX_CHARS}, so a producer cannot forge log lines or flood one.
 */
public final class LogText {

    public static final int MAX_CHARS = 200;

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_CHARS && text.length() > MAX_CHARS) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
