package io.bertstream.qa;

import io.bertstream.inference.InferenceStats;
import io.bertstream.inference.LengthBatcher;
import io.bertstream.inference.ModelSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Extractive question answering with any Hugging Face question-answering ONNX export (for instance
 * {@code optimum-cli export onnx --model distilbert-base-uncased-distilled-squad}) and its {@code tokenizer.json},
 * with the semantics of Hugging Face's {@code QuestionAnsweringPipeline}: long contexts are split into overlapping
 * windows, each window yields its top-k spans, and the spans of all windows are merged into the global top-k.
 *
 * <p>The windows of all inputs of a call are sorted by length and run together in batches of at most
 * {@code maxBatchWindows} windows and {@code maxBatchTokens} padded tokens, each padded to its longest window
 * (windows of similar length together, so little is padding); padding does not change any score.
 */
public final class SpanQaEngine implements AutoCloseable {

    /** Default number of windows run through the model at once. */
    public static final int DEFAULT_MAX_BATCH_WINDOWS = 16;

    private static final Comparator<SpanAnswer> BEST_FIRST =
            Comparator.comparingDouble(SpanAnswer::score).reversed();

    private final String name;
    private final QaOptions options;
    private final int maxBatchWindows;
    private final int maxBatchTokens;
    private final QaTokenizer tokenizer;
    private final OnnxSpanModel model;

    /** An engine running batches of {@link #DEFAULT_MAX_BATCH_WINDOWS} windows. */
    public SpanQaEngine(Path modelPath, Path tokenizerPath, QaOptions options, int intraOpThreads) {
        this(modelPath, tokenizerPath, options, intraOpThreads, DEFAULT_MAX_BATCH_WINDOWS);
    }

    /**
     * @param modelPath       the ONNX model file
     * @param tokenizerPath   the model's {@code tokenizer.json}
     * @param options         windowing and decoding options
     * @param intraOpThreads  ONNX Runtime threads per model run
     * @param maxBatchWindows most windows per model run
     * @throws IllegalArgumentException if the options cannot produce windows, or the model is not a QA model
     */
    public SpanQaEngine(Path modelPath, Path tokenizerPath, QaOptions options, int intraOpThreads,
                        int maxBatchWindows) {
        this(modelName(modelPath), ModelSource.parse(modelPath.toString()), ModelSource.parse(tokenizerPath.toString()),
                options, intraOpThreads, maxBatchWindows);
    }

    /** The same with a budget of padded tokens per model run. */
    public SpanQaEngine(Path modelPath, Path tokenizerPath, QaOptions options, int intraOpThreads,
                        int maxBatchWindows, int maxBatchTokens) {
        this(modelName(modelPath), ModelSource.parse(modelPath.toString()), ModelSource.parse(tokenizerPath.toString()),
                options, intraOpThreads, maxBatchWindows, maxBatchTokens);
    }

    /**
     * @param name the model's name, carried on answers
     * @see #SpanQaEngine(Path, Path, QaOptions, int, int)
     */
    public SpanQaEngine(String name, ModelSource modelPath, ModelSource tokenizerPath, QaOptions options,
                        int intraOpThreads, int maxBatchWindows) {
        this(name, modelPath, tokenizerPath, options, intraOpThreads, maxBatchWindows,
                maxBatchWindows * options.maxSeqLen());
    }

    /**
     * @param maxBatchTokens most padded tokens (windows x longest) per model run; windows are sorted by length
     *                       and cut by both limits, so each run is padded only to its own longest window
     * @see #SpanQaEngine(String, ModelSource, ModelSource, QaOptions, int, int)
     */
    public SpanQaEngine(String name, ModelSource modelPath, ModelSource tokenizerPath, QaOptions options,
                        int intraOpThreads, int maxBatchWindows, int maxBatchTokens) {
        if (maxBatchWindows < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchWindows and maxBatchTokens must be at least 1, got "
                    + maxBatchWindows + " and " + maxBatchTokens);
        }
        this.name = name;
        this.options = options;
        this.maxBatchWindows = maxBatchWindows;
        this.maxBatchTokens = maxBatchTokens;
        this.tokenizer = new QaTokenizer(tokenizerPath);
        try {
            validate(options, tokenizer.specialTokenCount());
            this.model = new OnnxSpanModel(modelPath, intraOpThreads);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The model's name: its directory's name for a generic {@code model.onnx}, else its file name. */
    public String name() {
        return name;
    }

    public QaOptions options() {
        return options;
    }

    /** The model's calls, windows and tokens, real and padded. */
    public InferenceStats stats() {
        return model.stats();
    }

    /**
     * Token lengths of the windows each input makes with a tokenizer and options: what batching pads, measured
     * without a model (the benchmark's padding figures).
     */
    public static int[][] windowLengths(ModelSource tokenizerJson, QaOptions options, List<QaInput> inputs) {
        try (QaTokenizer tokenizer = new QaTokenizer(tokenizerJson)) {
            int[][] lengths = new int[inputs.size()][];
            for (int i = 0; i < inputs.size(); i++) {
                lengths[i] = tokenizer.windows(i, inputs.get(i), options).stream().mapToInt(QaWindow::length)
                        .toArray();
            }
            return lengths;
        }
    }

    /** The number of windows the model runs for a reading. */
    public int windowCount(Reading reading) {
        int count = 0;
        for (ReadingContext context : reading.contexts()) {
            count += tokenizer.windows(0, reading.question(), reading.text(), context, options).size();
        }
        return count;
    }

    /** Answers one question: up to topK answers, best first. */
    public List<SpanAnswer> answer(QaInput input) {
        return answer(List.of(input)).get(0);
    }

    /**
     * Answers each input: element i holds up to topK answers to input i, best first, each with
     * {@code answer.equals(context.substring(start, end))}; with {@code handleImpossibleAnswer} the impossible
     * answer (start = end = 0, "") competes with the spans on its score.
     */
    public List<List<SpanAnswer>> answer(List<QaInput> inputs) {
        return read(inputs.stream()
                .map(input -> new Reading(input.question(), input.context(),
                        List.of(ReadingContext.whole(input.context()))))
                .toList());
    }

    /** A question about some parts of a text: only those parts are read, offsets stay those of the whole text. */
    public record Reading(String question, String text, List<ReadingContext> contexts) {
    }

    /**
     * Reads the contexts of each reading: element i holds up to topK answers over all windows of all contexts of
     * reading i, best first, with offsets into its text; the impossible answer takes the smallest null score of
     * those windows, as the pipeline does over the windows of one long context.
     */
    public List<List<SpanAnswer>> read(List<Reading> readings) {
        List<QaWindow> windows = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            for (ReadingContext context : reading.contexts()) {
                windows.addAll(tokenizer.windows(i, reading.question(), reading.text(), context, options));
            }
        }
        int[] lengths = windows.stream().mapToInt(QaWindow::length).toArray();
        OnnxSpanModel.Logits[] logits = new OnnxSpanModel.Logits[windows.size()];
        for (int[] batch : LengthBatcher.cut(lengths, maxBatchWindows, maxBatchTokens)) {
            List<OnnxSpanModel.Logits> run = model.run(Arrays.stream(batch).mapToObj(windows::get).toList());
            for (int w = 0; w < batch.length; w++) {
                logits[batch[w]] = run.get(w);
            }
        }
        // decoded in window order, whatever the batches: the same answers, ties included, as one by one
        List<Candidates> perInput = new ArrayList<>();
        readings.forEach(reading -> perInput.add(new Candidates(reading.text())));
        for (int w = 0; w < windows.size(); w++) {
            perInput.get(windows.get(w).inputIndex()).add(windows.get(w), logits[w]);
        }
        return perInput.stream().map(Candidates::best).toList();
    }

    /** The answers collected for one input over its windows. */
    private final class Candidates {
        private final String context;
        private final List<SpanAnswer> answers = new ArrayList<>();
        private double minNullScore = Double.POSITIVE_INFINITY;

        Candidates(String context) {
            this.context = context;
        }

        void add(QaWindow window, OnnxSpanModel.Logits logits) {
            SpanDecoder.Decoded decoded = SpanDecoder.decode(logits.start(), logits.end(), window.scoreable(),
                    options.topK(), options.maxAnswerLen());
            minNullScore = Math.min(minNullScore, decoded.nullScore());
            for (TokenSpan span : decoded.spans()) {
                TextSpan chars = window.charSpan(span.first(), span.last(), options.alignToWords());
                answers.add(new SpanAnswer(span.score(), chars.start(), chars.end(),
                        context.substring(chars.start(), chars.end())));
            }
        }

        List<SpanAnswer> best() {
            List<SpanAnswer> ranked = mergeEqualTexts(answers);
            if (options.handleImpossibleAnswer() && minNullScore != Double.POSITIVE_INFINITY) {
                // the impossible answer ranks above the spans it beats by more than the threshold (0: the pipeline)
                int at = 0;
                while (at < ranked.size() && ranked.get(at).score() >= minNullScore - options.noAnswerThreshold()) {
                    at++;
                }
                ranked.add(at, new SpanAnswer(minNullScore, 0, 0, ""));
            }
            return List.copyOf(ranked.subList(0, Math.min(options.topK(), ranked.size())));
        }
    }

    /**
     * Answers with the same text (from overlapping windows or repeated in the text) become one, with the summed
     * score and the offsets of its best occurrence; best first.
     */
    static List<SpanAnswer> mergeEqualTexts(List<SpanAnswer> answers) {
        List<SpanAnswer> sorted = new ArrayList<>(answers);
        sorted.sort(BEST_FIRST);
        java.util.Map<String, SpanAnswer> byText = new java.util.LinkedHashMap<>();
        for (SpanAnswer answer : sorted) {
            byText.merge(answer.answer(), answer, (kept, same) -> kept.withScore(kept.score() + same.score()));
        }
        List<SpanAnswer> merged = new ArrayList<>(byText.values());
        merged.sort(BEST_FIRST);
        return merged;
    }

    private static void validate(QaOptions options, int specialTokens) {
        require(options.topK() >= 1, "topK must be at least 1");
        require(options.maxAnswerLen() >= 1, "maxAnswerLen must be at least 1");
        require(options.maxQuestionLen() >= 1, "maxQuestionLen must be at least 1");
        require(options.docStride() >= 0, "docStride must not be negative");
        // even the longest question must leave room for a window that advances past its stride
        int contextBudget = options.maxSeqLen() - options.maxQuestionLen() - specialTokens;
        require(contextBudget > options.docStride(), "maxSeqLen " + options.maxSeqLen() + " leaves "
                + contextBudget + " context tokens after a " + options.maxQuestionLen()
                + "-token question: must exceed docStride " + options.docStride());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String modelName(Path modelPath) {
        String file = modelPath.getFileName().toString();
        Path parent = modelPath.toAbsolutePath().getParent();
        if (file.equals("model.onnx") && parent != null && parent.getFileName() != null) {
            return parent.getFileName().toString();
        }
        return file.endsWith(".onnx") ? file.substring(0, file.length() - ".onnx".length()) : file;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }
}
