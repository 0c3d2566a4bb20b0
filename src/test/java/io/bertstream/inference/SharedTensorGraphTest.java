package io.bertstream.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled int8 encoder completed from the fp32 model, and the real ONNX Runtime running it. */
class SharedTensorGraphTest {

    private static final ModelSource GRAPH = ModelSource.parse(
            "classpath:bertstream/encoder/all-minilm-l6-v2-int8-token.onnx");

    @Test
    void theGraphGetsEveryTensorItNamesFromTheSourceByteForByte() throws Exception {
        ModelProto graph = ModelProto.parseFrom(GRAPH.readAllBytes());
        Set<String> shared = SharedTensorGraph.shared(graph);
        assertTrue(shared.contains("embeddings.word_embeddings.weight"), shared.toString());
        assertTrue(shared.size() > 60, "tables, biases and LayerNorm weights: " + shared.size());
        ModelProto complete = ModelProto.parseFrom(DefaultModels.MINILM_INT8.readAllBytes());
        ModelProto fp32 = ModelProto.parseFrom(DefaultModels.MINILM_FP32.readAllBytes());
        List<TensorProto> added = complete.getGraph().getInitializerList()
                .subList(graph.getGraph().getInitializerCount(), complete.getGraph().getInitializerCount());
        assertEquals(shared, added.stream().map(TensorProto::getName).collect(Collectors.toSet()));
        for (TensorProto t : added) {
            TensorProto theirs = fp32.getGraph().getInitializerList().stream()
                    .filter(f -> f.getName().equals(t.getName())).findFirst().orElseThrow();
            assertEquals(theirs, t, t.getName());
        }
    }

    @Test
    void aSourceWithoutTheSharedTensorsIsRefusedNamingThem() {
        byte[] graph = GRAPH.readAllBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedTensorGraph.assemble(graph, graph));
        assertTrue(e.getMessage().contains("embeddings.word_embeddings.weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SharedTensorGraph.assemble(new byte[] {(byte) 0xff, 1, 2}, graph));
    }

    @Test
    void anOrdinaryModelComesBackAsItIs() {
        byte[] fp32 = DefaultModels.MINILM_FP32.readAllBytes();
        assertArrayEquals(fp32, SharedTensorGraph.assemble(fp32, new byte[0]));
    }

    @Test
    void theCompletedInt8EncoderRunsAndStaysCloseToFp32WithoutBeingIt() {
        List<String> texts = List.of("The ferry strike left the island cut off for a week.",
                "Oxygen is a chemical element with symbol O and atomic number 8.",
                "Warsaw is the capital and largest city of Poland.");
        try (OnnxSentenceEncoder fp32 = new OnnxSentenceEncoder(DefaultModels.miniLm(false, 1));
             OnnxSentenceEncoder int8 = new OnnxSentenceEncoder(DefaultModels.miniLm(true, 1))) {
            assertEquals("all-MiniLM-L6-v2-int8-token", int8.name());
            float[][] a = fp32.encode(fp32.tokenize(texts));
            float[][] b = int8.encode(int8.tokenize(texts));
            for (int i = 0; i < texts.size(); i++) {
                double cosine = Vectors.dot(Vectors.normalised(a[i]), Vectors.normalised(b[i]));
                assertTrue(cosine > 0.995, texts.get(i) + ": " + cosine);
                assertTrue(cosine < 0.999999, "int8 computes other numbers than fp32: " + cosine);
            }
        }
    }
}
