package io.bertstream.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.List;

/** The peer we compare against: langchain4j's in-process all-MiniLM-L6-v2, through {@code embedAll}. */
final class PeerEncoder {

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    float[][] encode(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        float[][] result = new float[embeddings.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = embeddings.get(i).vector();
        }
        return result;
    }
}
