package io.bertstream.app;

import io.bertstream.cli.Main;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.ModelSource;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.QaInput;
import io.bertstream.qa.QaOptions;
import io.bertstream.qa.SpanAnswer;
import io.bertstream.qa.SpanQaEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The training command cannot rot: {@code train-qa} runs end to end on a handful of questions (features written by
 * the serving code, two optimizer steps, ONNX export, int8 rewrite), and both models load and answer in ONNX Runtime
 * through the serving engine. Also checks that the PyTorch model starts exactly from all-MiniLM-L6-v2: its
 * sentence embedding equals ONNX Runtime's. Skipped, saying why, when {@code /usr/bin/python3} has no torch/onnx
 * ({@code .ci/run} installs them).
 */
class TrainQaSmokeIT {

    private static final String PYTHON = System.getProperty("bertstream.python", "/usr/bin/python3");
    private static final String BODY = """
            The city council approved a $2.5 million plan on Tuesday to repair the old harbour bridge. The work \
            will be done by Northbay Construction Ltd., the firm that built the bridge in 1968. It is expected to \
            take about 18 months.""";

    @TempDir
    static Path dir;

    @BeforeAll
    static void pythonCanTrain() throws Exception {
        boolean ready = false;
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import torch, onnx").redirectErrorStream(true).start();
            ready = probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            // no such interpreter
        }
        assumeTrue(ready, "train-qa smoke test skipped: " + PYTHON + " cannot import torch and onnx "
                + "(apt-get install python3-torch python3-onnx libopenblas0-pthread; .ci/run installs them)");
    }

    @Test
    void trainsExportsQuantizesAndServesTheReader() throws Exception {
        writeSquad(dir.resolve("data"));
        Path work = dir.resolve("work");
        int exit = Main.execute("train-qa", "--data-dir", dir.resolve("data").toString(),
                "--split", dir.resolve("data/split.json").toString(), "--work-dir", work.toString(),
                "--max-steps", "2", "--epochs", "1", "--python", PYTHON, "--scripts", "src/main/python");
        assertEquals(0, exit);
        Path fp32 = work.resolve("reader.onnx");
        Path int8 = work.resolve("reader-int8.onnx");
        assertTrue(Files.size(int8) * 3 < Files.size(fp32), "int8 " + Files.size(int8) + " vs " + Files.size(fp32));
        for (Path model : List.of(fp32, int8)) {
            try (SpanQaEngine engine = new SpanQaEngine("smoke", ModelSource.parse(model.toString()),
                    DefaultModels.MINILM_TOKENIZER, QaOptions.defaults(), 1, 16)) {
                List<SpanAnswer> answers = engine.answer(new QaInput("Who will do the work?", BODY));
                assertEquals(1, answers.size());
                SpanAnswer a = answers.get(0);
                assertTrue(a.end() > a.start() && a.score() > 0 && a.score() <= 1, a.toString());
                assertEquals(BODY.substring(a.start(), a.end()), a.answer());
            }
        }
    }

    @Test
    void trainingStartsFromTheExactMiniLmWeights() throws Exception {
        Path init = dir.resolve("minilm.onnx");
        Files.write(init, DefaultModels.MINILM_FP32.readAllBytes());
        // "hello world, this is a test" in the bert-base-uncased vocabulary, with [CLS] and [SEP]
        String ids = "101,7592,2088,1010,2023,2003,1037,3231,102";
        Process python = new ProcessBuilder(PYTHON, "src/main/python/train_reader.py", "--init", init.toString(),
                "--out", dir.resolve("embed").toString(), "--embed-ids", ids).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(300, TimeUnit.SECONDS) && python.exitValue() == 0, out);
        double[] torch = new ObjectMapper().readValue(out.strip(), double[].class);
        try (OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1))) {
            float[] onnx = encoder.encode(List.of("hello world, this is a test"))[0];
            assertEquals(onnx.length, torch.length);
            for (int i = 0; i < onnx.length; i++) {
                assertEquals(onnx[i], torch[i], 1e-4, "dimension " + i);
            }
        }
    }

    /** A tiny SQuAD file (one training and one validation article) and its split. */
    private static void writeSquad(Path data) throws IOException {
        Files.createDirectories(data);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode articles = root.putArray("data");
        article(articles, "Bridge", new String[][] {
                {"Who will do the work?", "Northbay Construction Ltd."},
                {"How much does the plan cost?", "$2.5 million"},
                {"When was the bridge built?", "1968"},
                {"How long will the work take?", "about 18 months"}});
        article(articles, "Held out", new String[][] {{"What did the council approve?", "a $2.5 million plan"}});
        json.writeValue(data.resolve("tiny-squad.json").toFile(), root);
        Files.writeString(data.resolve("split.json"),
                "{\"files\": [\"tiny-squad.json\"], \"validation\": [\"Held out\"]}");
    }

    private static void article(ArrayNode articles, String title, String[][] questions) {
        ObjectNode article = articles.addObject().put("title", title);
        ObjectNode paragraph = article.putArray("paragraphs").addObject().put("context", BODY);
        ArrayNode qas = paragraph.putArray("qas");
        for (int i = 0; i < questions.length; i++) {
            ObjectNode qa = qas.addObject().put("id", title + i).put("question", questions[i][0]);
            qa.putArray("answers").addObject().put("text", questions[i][1]).put("answer_start", BODY.indexOf(questions[i][1]));
        }
    }
}
