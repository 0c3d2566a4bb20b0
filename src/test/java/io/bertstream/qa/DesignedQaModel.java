package io.bertstream.qa;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds extractive-QA ONNX models with designed weights: each token id gets a fixed start and end logit from a
 * [vocab, 1] table ({@code logits = Squeeze(Gather(table, input_ids))}), 0 unless chosen. Variants also take
 * {@code attention_mask} (logits multiplied by it) and {@code token_type_ids} (each type-1 token, i.e. each context
 * token and the last [SEP], gets +1), so a caller that ignored the model's declared inputs would fail.
 */
final class DesignedQaModel {

    /** Which inputs the model declares. */
    enum Inputs { IDS, IDS_MASK, IDS_MASK_TYPES }

    private final Map<Long, Float> startLogits = new HashMap<>();
    private final Map<Long, Float> endLogits = new HashMap<>();
    private Inputs inputs = Inputs.IDS_MASK;
    private String startOutput = OnnxSpanModel.START_LOGITS;

    DesignedQaModel start(long tokenId, float logit) {
        startLogits.put(tokenId, logit);
        return this;
    }

    DesignedQaModel end(long tokenId, float logit) {
        endLogits.put(tokenId, logit);
        return this;
    }

    /** Gives a single-token word the start logit. */
    DesignedQaModel start(String word, float logit) {
        return start(BertVocabulary.id(word), logit);
    }

    /** Gives a single-token word the end logit. */
    DesignedQaModel end(String word, float logit) {
        return end(BertVocabulary.id(word), logit);
    }

    DesignedQaModel inputs(Inputs inputs) {
        this.inputs = inputs;
        return this;
    }

    /** Renames the start output, to make a model that is not a QA export. */
    DesignedQaModel startOutputName(String name) {
        this.startOutput = name;
        return this;
    }

    /** Writes the model into {@code dir} and returns its path. */
    Path write(Path dir, String fileName) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("designed_qa");
        graph.addInput(tensorValue(OnnxSpanModel.INPUT_IDS, TensorProto.DataType.INT64));
        graph.addInitializer(TensorProto.newBuilder().setName("squeeze_axes").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(1).addInt64Data(2));
        if (inputs != Inputs.IDS) {
            graph.addInput(tensorValue(OnnxSpanModel.ATTENTION_MASK, TensorProto.DataType.INT64));
            graph.addNode(cast(OnnxSpanModel.ATTENTION_MASK, "mask_float"));
        }
        if (inputs == Inputs.IDS_MASK_TYPES) {
            graph.addInput(tensorValue(OnnxSpanModel.TOKEN_TYPE_IDS, TensorProto.DataType.INT64));
            graph.addNode(cast(OnnxSpanModel.TOKEN_TYPE_IDS, "types_float"));
        }
        addLogits(graph, "start", startLogits, startOutput);
        addLogits(graph, "end", endLogits, OnnxSpanModel.END_LOGITS);
        graph.addOutput(tensorValue(startOutput, TensorProto.DataType.FLOAT));
        graph.addOutput(tensorValue(OnnxSpanModel.END_LOGITS, TensorProto.DataType.FLOAT));
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("bertstream-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
        try {
            return Files.write(dir.resolve(fileName), model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code output = Squeeze(Gather(table, input_ids)) [* mask] [+ types]}. */
    private void addLogits(GraphProto.Builder graph, String prefix, Map<Long, Float> logits, String output) {
        float[] table = new float[BertVocabulary.SIZE];
        logits.forEach((id, logit) -> table[Math.toIntExact(id)] = logit);
        TensorProto.Builder tableTensor = TensorProto.newBuilder().setName(prefix + "_table")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(table.length).addDims(1);
        for (float value : table) {
            tableTensor.addFloatData(value);
        }
        graph.addInitializer(tableTensor);
        graph.addNode(node("Gather", prefix + "_table", OnnxSpanModel.INPUT_IDS, prefix + "_gathered"));
        String current = prefix + "_per_token";
        graph.addNode(node("Squeeze", prefix + "_gathered", "squeeze_axes", current));
        if (inputs != Inputs.IDS) {
            graph.addNode(node("Mul", current, "mask_float", prefix + "_masked"));
            current = prefix + "_masked";
        }
        if (inputs == Inputs.IDS_MASK_TYPES) {
            graph.addNode(node("Add", current, "types_float", prefix + "_typed"));
            current = prefix + "_typed";
        }
        graph.addNode(node("Identity", current, null, output));
    }

    private static NodeProto node(String op, String first, String second, String output) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addInput(first);
        if (second != null) {
            node.addInput(second);
        }
        return node.addOutput(output).build();
    }

    private static NodeProto cast(String input, String output) {
        return NodeProto.newBuilder().setOpType("Cast").setName(output + "_Cast").addInput(input).addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT_VALUE))
                .build();
    }

    /** A [batch, sequence] tensor value. */
    private static ValueInfoProto tensorValue(String name, TensorProto.DataType type) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("sequence"))
                .build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
