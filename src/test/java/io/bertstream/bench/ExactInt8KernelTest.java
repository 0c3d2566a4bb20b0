package io.bertstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.bertstream.inference.OnnxSessions;
import io.bertstream.inference.OrtThreading;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code inference.int8.exact}: the int8 product ONNX Runtime computes for large uint8 activations times large
 * int8 weights, the case where the fast x86 kernel without VNNI adds two products in 16 bits and saturates
 * (255 x 127 x 2 = 64,770 > 32,767).
 */
class ExactInt8KernelTest {

    private static final int K = 64;
    private static final int N = 16;
    private static final int ONNX_UINT8 = 2;
    private static final int ONNX_INT8 = 3;
    private static final int ONNX_INT32 = 6;  // TensorProto.DataType
    private static final OrtThreading ONE_THREAD = new OrtThreading(1, false, false);

    @Test
    void exactSessionsComputeTheTrueIntegerProductOnEveryCpu() throws Exception {
        assertArrayEquals(trueProduct(), product(true));
    }

    @Test
    void theFastKernelSaturatesOnCpusWithoutVnni() throws Exception {
        // what the option is for; on a CPU with VNNI the fast kernel is exact and there is nothing to show
        assumeFalse(hasVnni(), "this CPU has VNNI: its fast int8 kernel is exact");
        assertFalse(Arrays.equals(trueProduct(), product(false)), "expected the saturating kernel on this CPU");
    }

    private static int[] trueProduct() {
        int[] product = new int[N];
        Arrays.fill(product, K * 255 * 127);
        return product;
    }

    private static int[] product(boolean exact) throws Exception {
        OrtEnvironment env = OnnxSessions.environment(ONE_THREAD);
        byte[] activations = new byte[K];
        Arrays.fill(activations, (byte) 255);
        try (OrtSession session = OnnxSessions.create(model(), ONE_THREAD, "all", exact);
             OnnxTensor a = OnnxTensor.createTensor(env, ByteBuffer.wrap(activations), new long[] {1, K},
                     ai.onnxruntime.OnnxJavaType.UINT8);
             OrtSession.Result result = session.run(Map.of("A", a))) {
            return ((int[][]) result.get(0).getValue())[0];
        }
    }

    private static boolean hasVnni() throws Exception {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return true; // cannot tell: do not claim the fast kernel saturates
        }
        String flags = Files.readString(cpuinfo);
        return flags.contains("avx512_vnni") || flags.contains("avx_vnni") || !flags.contains(" avx2");
    }

    /**
     * ModelProto bytes of {@code C = MatMulInteger(A, B)}: A uint8 [1, K] an input, B int8 [K, N] all 127 a
     * constant (as an encoder's weights: ONNX Runtime chooses the kernel when it packs a constant B), C int32.
     */
    private static byte[] model() {
        byte[] weights = new byte[K * N];
        Arrays.fill(weights, (byte) 127);
        ProtoWriter b = new ProtoWriter().varint(1, K).varint(1, N).varint(2, ONNX_INT8).string(8, "B")
                .bytes(9, weights);
        // the zero points given (0): ONNX Runtime's packing of a constant B reads all four inputs
        ProtoWriter node = new ProtoWriter().string(1, "A").string(1, "B").string(1, "A_zero").string(1, "B_zero")
                .string(2, "C").string(3, "product").string(4, "MatMulInteger");
        ProtoWriter aZero = new ProtoWriter().varint(2, ONNX_UINT8).string(8, "A_zero").bytes(9, new byte[1]);
        ProtoWriter bZero = new ProtoWriter().varint(2, ONNX_INT8).string(8, "B_zero").bytes(9, new byte[1]);
        ProtoWriter graph = new ProtoWriter()
                .message(1, node)
                .string(2, "exact-int8")
                .message(5, b)
                .message(5, aZero)
                .message(5, bZero)
                .message(11, MatMulCeiling.valueInfo("A", ONNX_UINT8, 1, K))
                .message(12, MatMulCeiling.valueInfo("C", ONNX_INT32, 1, N));
        return new ProtoWriter().varint(1, 8).string(2, "bertstream-test").message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13)).toByteArray();
    }
}
