package io.bertstream.app;

import io.bertstream.inference.DefaultModels;
import io.bertstream.cli.Main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI through {@link Main#execute}, capturing stdout. */
class CommandLineTest {

    private static final String SQUAD = """
            {"version": "1.1", "data": [{"title": "Bridge", "paragraphs": [{
              "context": "The council approved a plan to repair the old bridge. The work will be done by Northbay Construction, the firm that built it in 1968. A public meeting is planned for January.",
              "qas": [
                {"id": "q1", "question": "Which firm will do the work?", "answers": [{"text": "Northbay Construction", "answer_start": 79}]},
                {"id": "q2", "question": "When is the public meeting planned?", "answers": [{"text": "January", "answer_start": 166}]}
              ]}]}]}
            """;

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute(args), "exit code of " + List.of(args));
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "demo", "produce-article", "ask", "tail", "broker", "eval-qa", "train-qa")) {
            assertTrue(run(command, "--help").contains("Usage: bertstream " + command), command);
        }
    }

    @Test
    void evalQaScoresTheBundledReaderByDefault(@TempDir Path dir) throws Exception {
        Path squad = dir.resolve("tiny-squad.json");
        Files.writeString(squad, SQUAD);
        JsonNode report = new ObjectMapper().readTree(run("eval-qa", "--squad", squad.toString(), "--json"));
        assertEquals(2, report.get("questions").asInt());
        assertEquals("bertstream-reader-minilm-l6-int8", report.get("answerer").asText());
        // short spans: both gold answers found exactly
        assertEquals(100.0, report.get("exact_match").asDouble(), 1e-9);
        assertEquals(100.0, report.get("retrieval_recall_at_3").asDouble(), 1e-9);
    }

    @Test
    void evalQaScoresTheSentenceAnswererOnASquadFile(@TempDir Path dir) throws Exception {
        Path squad = dir.resolve("tiny-squad.json");
        Files.writeString(squad, SQUAD);
        JsonNode report = new ObjectMapper().readTree(run("eval-qa", "--squad", squad.toString(), "--json",
                "--set", "qa.answerer=sentence"));
        assertEquals(2, report.get("questions").asInt());
        // the default sentence encoder is the int8 one (model.int8=true), and the answerer names it
        assertEquals("sentence-similarity:all-MiniLM-L6-v2" + DefaultModels.INT8_SUFFIX, report.get("answerer").asText());
        // the sentence answerer returns whole sentences: each contains its gold answer, none matches exactly
        assertEquals(100.0, report.get("contains_gold").asDouble(), 1e-9);
        assertEquals(0.0, report.get("exact_match").asDouble(), 1e-9);
        assertTrue(report.get("f1").asDouble() > 0);
    }
}
