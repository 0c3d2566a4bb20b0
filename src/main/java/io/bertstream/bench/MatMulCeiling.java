package io.bertstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.inference.OnnxSessions;
import io.bertstream.inference.OrtThreading;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * The machine's fp32 ceiling as ONNX Runtime sees it: GFLOP/s of one large MatMul {@code [m,k] x [k,n]}, the
 * shape of MiniLM's feed-forward layers over a big batch of tokens. The model is a one-node ONNX graph written
 * by hand ({@link #model}), so nothing but ONNX Runtime is involved.
 */
final class MatMulCeiling {

    /** The graph's shape: {@code [m,k] x [k,n]}; MiniLM's FFN is {@code [tokens,384] x [384,1536]}. */
    record Shape(int m, int k, int n) {
        double flops() {
            return 2.0 * m * k * n;
        }
    }

    static final Shape DEFAULT_SHAPE = new Shape(1024, 384, 1536);
    private static final int ONNX_FLOAT = 1;

    private MatMulCeiling() {
    }

    /**
     * Best GFLOP/s of the MatMul over {@code runs} runs after {@code warmups}, with the given intra-op threads:
     * the fastest run, since a ceiling is what the machine can do, not what a busy moment allowed.
     */
    static double gflops(Shape shape, OrtThreading threading, int warmups, int runs) {
        OrtEnvironment env = OnnxSessions.environment(threading);
        try (OrtSession session = OnnxSessions.create(model(shape), threading, "all");
             OnnxTensor a = OnnxTensor.createTensor(env, random(shape.m() * shape.k()), new long[]{shape.m(), shape.k()});
             OnnxTensor b = OnnxTensor.createTensor(env, random(shape.k() * shape.n()), new long[]{shape.k(), shape.n()})) {
            Map<String, OnnxTensor> inputs = Map.of("A", a, "B", b);
            double seconds = Repeated.minSeconds(() -> run(session, inputs), warmups, runs);
            return shape.flops() / seconds / 1e9;
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot run the MatMul ceiling model: " + e.getMessage(), e);
        }
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> inputs) {
        try (OrtSession.Result ignored = session.run(inputs)) {
            // the work is the run itself
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FloatBuffer random(int size) {
        Random random = new Random(42);
        FloatBuffer buffer = FloatBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            buffer.put(random.nextFloat() - 0.5f);
        }
        return buffer.rewind();
    }

    /**
     * ONNX ModelProto bytes of {@code C = MatMul(A, B)}: ir_version 8, default opset 13, float inputs A [m,k] and
     * B [k,n], output C [m,n]. Field numbers are those of onnx.proto.
     */
    static byte[] model(Shape shape) {
        ProtoWriter node = new ProtoWriter().string(1, "A").string(1, "B").string(2, "C")
                .string(3, "matmul").string(4, "MatMul");
        ProtoWriter graph = new ProtoWriter()
                .message(1, node)
                .string(2, "ceiling")
                .message(11, valueInfo("A", ONNX_FLOAT, shape.m(), shape.k()))
                .message(11, valueInfo("B", ONNX_FLOAT, shape.k(), shape.n()))
                .message(12, valueInfo("C", ONNX_FLOAT, shape.m(), shape.n()));
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, 13);
        return new ProtoWriter()
                .varint(1, 8)
                .string(2, "bertstream-bench")
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }

    /** ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type, shape: [dims]}}} (1 is FLOAT in onnx.proto). */
    static ProtoWriter valueInfo(String name, int elementType, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long dim : dims) {
            shape.message(1, new ProtoWriter().varint(1, dim));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elementType).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }
}
