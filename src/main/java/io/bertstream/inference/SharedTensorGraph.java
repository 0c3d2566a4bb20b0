package io.bertstream.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An ONNX graph shipped without the tensors it shares with another model, completed from that model when it is
 * loaded. The bundled int8 encoder is written from the fp32 MiniLM by {@code quantize_encoder_int8.py
 * --shared-from-source}: its word, position and type tables, biases and LayerNorm weights are the fp32 model's,
 * byte for byte (47 of its 59 MB), so the jar carries them once, in the fp32 artifact. The graph names what it
 * needs in its metadata ({@value #SHARED}); each must be in the source, or loading fails with the missing names.
 */
public final class SharedTensorGraph {

    static final String SHARED = "bertstream.shared_tensors";

    private SharedTensorGraph() {
    }

    /** The complete model: {@code graph} with the tensors it names taken from {@code source}. */
    public static byte[] assemble(byte[] graph, byte[] source) {
        ModelProto model = parse(graph, "graph");
        Set<String> wanted = shared(model);
        if (wanted.isEmpty()) {
            return graph;
        }
        Map<String, TensorProto> theirs = parse(source, "source").getGraph().getInitializerList().stream()
                .filter(t -> wanted.contains(t.getName()))
                .collect(Collectors.toMap(TensorProto::getName, Function.identity(), (a, b) -> a));
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(theirs.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the source model lacks tensors the graph shares with it: " + missing);
        }
        ModelProto.Builder complete = model.toBuilder();
        wanted.forEach(name -> complete.getGraphBuilder().addInitializer(theirs.get(name)));
        return complete.build().toByteArray();
    }

    /** The tensor names {@code model} takes from its source (empty for an ordinary model). */
    static Set<String> shared(ModelProto model) {
        return model.getMetadataPropsList().stream().filter(p -> p.getKey().equals(SHARED))
                .map(StringStringEntryProto::getValue).findFirst()
                .map(v -> Arrays.stream(v.split(",")).filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                .orElseGet(LinkedHashSet::new);
    }

    private static ModelProto parse(byte[] bytes, String what) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the " + what + " is not an ONNX model: " + e.getMessage(), e);
        }
    }
}
