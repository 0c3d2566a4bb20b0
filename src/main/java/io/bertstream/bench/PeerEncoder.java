package io.bertstream.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.bertstream.inference.DefaultModels;
import io.bertstream.inference.OnnxSessions;
import io.bertstream.inference.OrtThreading;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The peer we compare against: langchain4j's in-process all-MiniLM-L6-v2 through {@code embedAll}, which embeds
 * one sentence per ONNX call on a worker pool of one thread per core. Its tokenizer is the model's
 * tokenizer.json as is, which truncates every sentence at 128 tokens.
 *
 * <p>By default each call also runs on ONNX Runtime's own intra-op pool of one thread per core, so on n cores
 * n workers drive n x n threads. The tuned peer is the same model and code with one intra-op thread per worker.
 */
final class PeerEncoder implements AutoCloseable {

    private final AbstractInProcessEmbeddingModel model;
    private final ExecutorService workers;

    private PeerEncoder(AbstractInProcessEmbeddingModel model, ExecutorService workers) {
        this.model = model;
        this.workers = workers;
    }

    /** langchain4j as shipped: {@code new AllMiniLmL6V2EmbeddingModel()}. */
    static PeerEncoder defaults() {
        return new PeerEncoder(new AllMiniLmL6V2EmbeddingModel(), null);
    }

    /** The same model, one worker per core, each call on one intra-op thread. */
    static PeerEncoder tuned() {
        OrtThreading oneThread = new OrtThreading(1, false, false);
        byte[] onnx = DefaultModels.MINILM_FP32.readAllBytes();
        OnnxBertBiEncoder encoder;
        try (InputStream tokenizer = DefaultModels.MINILM_TOKENIZER.open()) {
            encoder = new OnnxBertBiEncoder(OnnxSessions.environment(oneThread),
                    OnnxSessions.create(onnx, oneThread, "all"), tokenizer, PoolingMode.MEAN);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        return new PeerEncoder(new Tuned(encoder, workers), workers);
    }

    float[][] encode(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        float[][] result = new float[embeddings.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = embeddings.get(i).vector();
        }
        return result;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** langchain4j's in-process model over a given encoder and worker pool. */
    private static final class Tuned extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Tuned(OnnxBertBiEncoder encoder, ExecutorService workers) {
            super(workers);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
