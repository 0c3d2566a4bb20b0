package io.bertstream.text;

/**
 * List item markers at the start of a line: "1. ", "12) ", "- ", "* ", "• ". Letters ("a) ") are not markers:
 * hard-wrapped text puts "n) time" at the start of a line too often.
 */
final class ListMarkers {

    private static final int MAX_DIGITS = 3;

    private ListMarkers() {
    }

    /** Whether a list item marker followed by white space starts at {@code at}. */
    static boolean opensItem(String body, int at) {
        int length = body.length();
        char c = body.charAt(at);
        int afterMarker;
        if (isBullet(c)) {
            afterMarker = at + 1;
        } else if (c >= '0' && c <= '9') {
            int i = at;
            while (i < length && i - at <= MAX_DIGITS && body.charAt(i) >= '0' && body.charAt(i) <= '9') {
                i++;
            }
            if (i - at > MAX_DIGITS || i == length || (body.charAt(i) != '.' && body.charAt(i) != ')')) {
                return false;
            }
            afterMarker = i + 1;
        } else {
            return false;
        }
        return afterMarker < length && Chars.isSpace(body.charAt(afterMarker));
    }

    private static boolean isBullet(char c) {
        return c == '-' || c == '*' || c == '\u2022' || c == '\u2023' || c == '\u25E6' || c == '\u2043'
                || c == '\u2013';
    }
}
