package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.EncoderFactory;
import io.bertstream.inference.OnnxSentenceEncoder;
import io.bertstream.qa.AnswererFactory;
import io.bertstream.qa.TrainingWindows;
import io.bertstream.qa.squad.SquadDataset;
import io.bertstream.qa.training.ReaderFeatures;
import io.bertstream.qa.training.ReaderSplit;
import io.bertstream.qa.training.TrainingProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static io.bertstream.config.ConfigKeys.QA_RETRIEVE_CANDIDATES;
import static io.bertstream.config.ConfigKeys.QA_RETRIEVE_NEIGHBOURS;

/**
 * {@code train-qa}: trains the bundled reader as it is served. Java writes the training windows of whole articles
 * with the serving code ({@link ReaderFeatures}), Python (Debian's python3-torch and python3-onnx) fine-tunes the
 * start weights on them with a loss normalised over all windows of a question, exports ONNX and rewrites it to
 * int8; {@code --install} copies the int8 model into the source tree. The training log records the commit, the
 * arguments and the sha256 of the data; a run started again in the same work directory resumes.
 */
@Command(name = "train-qa", mixinStandardHelpOptions = true,
        description = "Train the bundled extractive-QA reader on the SQuAD training articles of "
                + ReaderSplit.NEXT_RESOURCE + " (a developer command: needs /usr/bin/python3 with torch and onnx).")
public final class TrainQaCommand implements Callable<Integer> {

    static final String BUNDLED_READER = "src/main/resources/" + AnswererFactory.BUNDLED_READER_RESOURCE;

    @Mixin
    ConfigOptions config;

    @Option(names = "--data-dir", defaultValue = "../shared/data", description = "Where the SQuAD files are (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--split", description = "A split file like " + ReaderSplit.NEXT_RESOURCE + " (default: that one).")
    Path splitFile;

    @Option(names = "--work-dir", defaultValue = "target/reader", description = "Features, checkpoint, models (default ${DEFAULT-VALUE}); a run resumes from its checkpoint.")
    Path workDir;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs (default ${DEFAULT-VALUE}).")
    double epochs;

    @Option(names = "--max-questions", defaultValue = "2147483647", description = "Use only the first N training questions (smoke runs).")
    int maxQuestions;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after N optimizer steps (smoke runs; 0 = all).")
    int maxSteps;

    @Option(names = "--hard-negatives", defaultValue = "2", description = "Candidates retrieved beyond the served ones, read in training only (default ${DEFAULT-VALUE}).")
    int hardNegatives;

    @Option(names = "--init", description = "Start weights: a BERT-layout ONNX export with the MiniLM vocabulary (default: all-MiniLM-L6-v2).")
    Path initModel;

    @Option(names = "--loss", defaultValue = "both", description = "window (each window its own softmax), shared (one softmax over all windows of a question) or both (default ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--train-word-embeddings", description = "Also train the word embeddings.")
    boolean trainWordEmbeddings;

    @Option(names = "--seed", defaultValue = "20261202", description = "Seed of sampling, batch order, dropout and the head's initialisation.")
    long seed;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch and onnx (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--scripts", defaultValue = "src/main/python", description = "Directory of train_reader.py and quantize_int8.py (default ${DEFAULT-VALUE}).")
    Path scripts;

    @Option(names = "--threads", defaultValue = "2", description = "Training threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--install", description = "Copy the int8 reader to " + BUNDLED_READER + ".")
    boolean install;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        ReaderSplit split = splitFile == null ? ReaderSplit.next() : ReaderSplit.read(splitFile);
        SquadDataset all = split.load(dataDir);
        Files.createDirectories(workDir);
        Path train = workDir.resolve("train.jsonl");
        Path tuning = workDir.resolve("tuning.jsonl");
        ReaderFeatures.Settings settings = new ReaderFeatures.Settings(AnswererFactory.ranker(c).scorer(),
                c.getInt(QA_RETRIEVE_CANDIDATES), c.getInt(QA_RETRIEVE_NEIGHBOURS), hardNegatives);
        try (OnnxSentenceEncoder encoder = EncoderFactory.create(c);
             TrainingWindows windows = new TrainingWindows(DefaultModels.MINILM_TOKENIZER, AnswererFactory.qaOptions(c))) {
            ReaderFeatures features = new ReaderFeatures(encoder, windows, settings);
            System.err.println("train-qa: training windows " + features.write(split.training(all), train, maxQuestions));
            if (!split.tuning().isEmpty()) {
                // the tuning articles' windows, to follow window accuracy while training (never the validation ones)
                System.err.println("train-qa: tuning windows " + features.write(split.tuning(all), tuning,
                        Math.min(maxQuestions, 400)));
            }
        }
        Path init = initModel;
        if (init == null) {
            init = workDir.resolve("all-minilm-l6-v2.onnx");
            try (InputStream in = DefaultModels.MINILM_FP32.open()) {
                Files.copy(in, init, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> trainCommand = new ArrayList<>(List.of(python, scripts.resolve("train_reader.py").toString(),
                "--init", init.toString(), "--train", train.toString(), "--out", workDir.toString(),
                "--epochs", String.valueOf(epochs), "--seed", String.valueOf(seed), "--lr", String.valueOf(learningRate),
                "--loss", loss, "--threads", String.valueOf(threads),
                "--provenance", TrainingProvenance.describe(split, dataDir, settings, c)));
        if (!split.tuning().isEmpty()) {
            trainCommand.addAll(List.of("--validation", tuning.toString()));
        }
        if (maxSteps > 0) {
            trainCommand.addAll(List.of("--max-steps", String.valueOf(maxSteps)));
        }
        if (trainWordEmbeddings) {
            trainCommand.add("--train-word-embeddings");
        }
        run(trainCommand);
        Path fp32 = workDir.resolve("reader.onnx");
        Path int8 = workDir.resolve("reader-int8.onnx");
        run(List.of(python, scripts.resolve("quantize_int8.py").toString(), fp32.toString(), int8.toString()));
        if (install) {
            Files.copy(int8, Path.of(BUNDLED_READER), StandardCopyOption.REPLACE_EXISTING);
            System.err.println("train-qa: installed " + BUNDLED_READER);
        }
        System.out.println(fp32.toAbsolutePath());
        System.out.println(int8.toAbsolutePath());
        return 0;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        System.err.println("train-qa: " + String.join(" ", command));
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command.get(1) + " exited with " + exit);
        }
    }
}
