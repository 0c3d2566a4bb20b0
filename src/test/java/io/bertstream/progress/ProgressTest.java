package io.bertstream.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void lineGivesRateAndEta() {
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress("eval-qa", "questions", 2000, null, now::get);
        now.set(10_000_000_000L);
        progress.update(500);
        assertEquals("eval-qa: 500/2000 questions (25%), 50.0/s, ETA 0:30", progress.line(now.get()));
    }

    @Test
    void redrawsAtMostTwiceASecondAndEndsTheLine() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = new Progress("bench", "sentences", 100, new PrintStream(bytes, true,
                StandardCharsets.UTF_8), now::get)) {
            for (int i = 1; i <= 100; i++) {
                now.addAndGet(10_000_000L);
                progress.update(i);
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        long draws = out.chars().filter(c -> c == '\r').count();
        assertEquals(3, draws, out);
        assertTrue(out.endsWith("bench: 100/100 sentences (100%), 100.0/s, ETA 0:00\n"), out);
    }
}
