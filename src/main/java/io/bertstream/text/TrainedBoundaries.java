package io.bertstream.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.sentdetect.SDContextGenerator;
import opennlp.tools.sentdetect.SentenceModel;

/**
 * Apache OpenNLP's English sentence detector (maxent, trained on the Universal Dependencies English Web Treebank),
 * asked about one period at a time. The model comes from the Maven artifact
 * {@code org.apache.opennlp:opennlp-models-sentdetect-en}, which holds the model file at the root of its jar.
 *
 * <p>The model sees a bounded window around the period with every white space as a plain space (its features
 * stop at spaces only), so each question costs the same whatever the body, and a single newline reads as a space.
 * The model is immutable and {@link MaxentModel#eval} allocates its result, so one instance serves all threads;
 * the feature generator is not thread-safe and is made per question.
 */
final class TrainedBoundaries {

    static final String MODEL_RESOURCE = "/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";

    /** Characters of context either side of the period; the model's features reach two tokens each way. */
    private static final int WINDOW = 64;

    private static final SentenceModel MODEL = load();
    private static final int SPLIT = MODEL.getMaxentModel().getIndex("s");

    private TrainedBoundaries() {
    }

    /** The loaded model (also used whole, as OpenNLP's own detector, by the splitter evaluation). */
    static SentenceModel model() {
        return MODEL;
    }

    /** Probability, according to the model, that the period at {@code period} ends a sentence. */
    static double splitProbability(String body, int period) {
        int from = Math.max(0, period - WINDOW);
        int to = Math.min(body.length(), period + WINDOW);
        StringBuilder window = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = body.charAt(i);
            window.append(Chars.isSpace(c) ? ' ' : c);
        }
        SDContextGenerator features = MODEL.getFactory().getSDContextGenerator();
        return MODEL.getMaxentModel().eval(features.getContext(window, period - from))[SPLIT];
    }

    private static SentenceModel load() {
        try (InputStream in = TrainedBoundaries.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP sentence model " + MODEL_RESOURCE
                        + " is not on the class path (artifact org.apache.opennlp:opennlp-models-sentdetect-en)");
            }
            return new SentenceModel(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenNLP sentence model " + MODEL_RESOURCE, e);
        }
    }
}
