package io.bertstream.chaos;

import java.nio.charset.StandardCharsets;

/** Large article bodies made of plain, varied English sentences. */
final class BigTexts {

    private static final String[] SUBJECTS = {"The harbour master", "A local engineer", "The city council",
            "The old bridge", "A shop owner", "The mayor"};
    private static final String[] VERBS = {"inspected", "described", "approved", "repaired", "visited", "questioned"};
    private static final String[] OBJECTS = {"the corroded steel cables", "the new shuttle timetable",
            "the eastern pier", "the library meeting", "the winter budget", "the lighthouse"};

    private BigTexts() {
    }

    /** Sentence {@code i}: a varied one of about 60-90 characters. */
    static String sentence(int i) {
        return SUBJECTS[i % SUBJECTS.length] + " " + VERBS[(i / 6) % VERBS.length] + " "
                + OBJECTS[(i / 36) % OBJECTS.length] + " on day " + i + " of the long project.";
    }

    /** Sentences joined by spaces up to exactly {@code bytes} bytes of UTF-8 (padded with spaces). */
    static String prose(int bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; ; i++) {
            String next = sentence(i);
            if (text.length() + next.length() + 1 > bytes) {
                break;
            }
            text.append(next).append(' ');
        }
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            text.append(' ');
        }
        return text.toString();
    }

    /**
     * Exactly {@code n} short sentences (about 35 characters), so that 20,000 of them stay under the 1 MiB
     * article limit.
     */
    static String sentences(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(SUBJECTS[i % SUBJECTS.length]).append(" spoke on day ").append(i).append(". ");
        }
        return text.toString().trim();
    }
}
