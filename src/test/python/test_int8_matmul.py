"""Unit tests of src/main/python/int8_matmul.py: python3 -m unittest discover -s src/test/python (numpy, onnx)."""
import os
import sys
import unittest

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'main', 'python'))
import int8_matmul  # noqa: E402


class RoundingTest(unittest.TestCase):

    def test_sum_rounding_keeps_each_column_sum_within_half_a_step(self):
        w = np.random.default_rng(3).normal(0, 0.05, (384, 64)).astype(np.float32)
        scale = int8_matmul.column_scales(w)
        exact = (w / scale).sum(axis=0)
        nearest = int8_matmul.round_weights(w, scale, 'nearest').astype(np.int64).sum(axis=0)
        kept = int8_matmul.round_weights(w, scale, 'sum').astype(np.int64).sum(axis=0)
        self.assertTrue(np.all(np.abs(kept - exact) <= 0.5 + 1e-3), np.abs(kept - exact).max())
        self.assertGreater(np.abs(nearest - exact).max(), 1.0)  # nearest rounding alone does not keep them

    def test_sum_rounding_moves_entries_by_one_step_at_most(self):
        w = np.random.default_rng(4).normal(0, 0.05, (200, 16)).astype(np.float32)
        scale = int8_matmul.column_scales(w)
        diff = int8_matmul.round_weights(w, scale, 'sum').astype(int) - int8_matmul.round_weights(w, scale).astype(int)
        self.assertLessEqual(np.abs(diff).max(), 1)
        self.assertLessEqual(np.abs(int8_matmul.round_weights(w, scale, 'sum').astype(int)).max(), 127)

    def test_seven_bit_weights_stay_within_63(self):
        w = np.random.default_rng(5).normal(0, 1, (50, 8)).astype(np.float32)
        q = int8_matmul.round_weights(w, int8_matmul.column_scales(w, 63), 'nearest', 63)
        self.assertEqual(63, np.abs(q.astype(int)).max())


class SmoothingTest(unittest.TestCase):

    def test_migration_keeps_the_product(self):
        rng = np.random.default_rng(6)
        x = rng.normal(0, 1, (10, 32)).astype(np.float64)
        x[:, 3] *= 30  # an outlier channel
        w = rng.normal(0, 0.1, (32, 8))
        s = int8_matmul.smoothing_scales(np.abs(x).max(axis=0), [w], 0.5).astype(np.float64)
        np.testing.assert_allclose((x / s) @ (s[:, None] * w), x @ w, rtol=1e-9, atol=1e-9)
        self.assertLess(np.abs(x / s).max(axis=0).std(), np.abs(x).max(axis=0).std())  # flatter channels


class OutlierTest(unittest.TestCase):

    def test_picks_the_channels_far_above_the_median_at_most_n(self):
        ranges = {'x': np.array([1, 1.2, 0.9, 5, 1.1, 30, 1], np.float32), 'flat': np.ones(8, np.float32)}
        picked = int8_matmul.outlier_channels(ranges, 3)
        np.testing.assert_array_equal([3, 5], picked['x'])
        self.assertNotIn('flat', picked)
        np.testing.assert_array_equal([5], int8_matmul.outlier_channels(ranges, 3, at_most=1)['x'])

    def test_the_split_graph_checks_and_keeps_the_outlier_rows_in_fp32(self):
        w = np.random.default_rng(8).normal(0, 1, (4, 3)).astype(np.float32)
        graph = helper.make_graph([helper.make_node('MatMul', ['x', 'w'], ['y'], name='/a/MatMul')], 'g',
                                  [helper.make_tensor_value_info('x', TensorProto.FLOAT, [2, 4])],
                                  [helper.make_tensor_value_info('y', TensorProto.FLOAT, [2, 3])],
                                  [numpy_helper.from_array(w, 'w')])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
        int8_matmul.rewrite(model, lambda n: True, activations='token', outliers={'x': np.array([2])})
        onnx.checker.check_model(model)
        init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        np.testing.assert_array_equal(w[[2], :], init['w_outlier_rows'])
        self.assertEqual(0, np.abs(init['w_quantized'][2].astype(int)).max())  # that row left to fp32
        self.assertEqual([1, 1, 0, 1], list(init['x_inlier_mask']))


class GraphTest(unittest.TestCase):

    def test_rewrites_only_the_selected_matmuls_and_checks(self):
        graph = one_matmul_graph(seed=7)
        for activations in ('tensor', 'token'):
            model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
            self.assertEqual(1, int8_matmul.rewrite(model, lambda n: True, activations=activations))
            onnx.checker.check_model(model)
            self.assertIn('MatMulInteger', [n.op_type for n in model.graph.node])
            self.assertNotIn('MatMul', [n.op_type for n in model.graph.node])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
        self.assertEqual(0, int8_matmul.rewrite(model, lambda n: False))

    def test_seven_bit_activations_keep_every_input_byte_under_128(self):
        model = helper.make_model(one_matmul_graph(), opset_imports=[helper.make_opsetid('', 11)])
        int8_matmul.rewrite(model, lambda n: True, activations='token', activation_bits=7)
        onnx.checker.check_model(model)
        init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        self.assertAlmostEqual(1 / 63, float(init['token_q_inv63']), places=7)  # q = round(x / (max|x| / 63))
        self.assertEqual(64.0, float(init['token_q_offset_7bit']))  # q + 64 in [1, 127]
        self.assertEqual(64, int(init['token_q_zero_7bit']))
        self.assertEqual(np.uint8, init['token_q_zero_7bit'].dtype)
        self.assertEqual(127, np.abs(init['w_quantized'].astype(int)).max())  # weights keep their 8 bits
        self.assertNotIn('token_q_inv127', init)
        with self.assertRaises(ValueError):  # per-tensor DynamicQuantizeLinear has no 7-bit form
            int8_matmul.rewrite(helper.make_model(one_matmul_graph()), lambda n: True, activation_bits=7)

    def test_fused_writes_the_same_integers_in_onnx_runtimes_fused_operators(self):
        plain = helper.make_model(one_matmul_graph(), opset_imports=[helper.make_opsetid('', 11)])
        fused = helper.make_model(one_matmul_graph(), opset_imports=[helper.make_opsetid('', 11)])
        int8_matmul.rewrite(plain, lambda n: True, activations='token')
        int8_matmul.rewrite(fused, lambda n: True, activations='token', fused=True)
        onnx.checker.check_model(fused)
        ops = {(n.domain, n.op_type) for n in fused.graph.node}
        self.assertIn(('com.microsoft', 'QuantizeLinear'), ops)
        self.assertIn(('com.microsoft', 'MatMulIntegerToFloat'), ops)
        self.assertFalse({'Round', 'Div', 'Cast', 'MatMulInteger'} & {op for _, op in ops})
        self.assertIn('com.microsoft', [o.domain for o in fused.opset_import])
        weights = {i.name: numpy_helper.to_array(i) for i in plain.graph.initializer}
        for name in ('w_quantized', 'w_scale', 'w_zero_point'):
            np.testing.assert_array_equal(weights[name], numpy_helper.to_array(
                next(i for i in fused.graph.initializer if i.name == name)))
        with self.assertRaises(ValueError):  # per tensor has nothing to fuse
            int8_matmul.rewrite(helper.make_model(one_matmul_graph()), lambda n: True, fused=True)


class SharedTensorsTest(unittest.TestCase):

    def test_only_what_quantization_wrote_stays_and_the_rest_is_named(self):
        import quantize_encoder_int8
        source = helper.make_model(one_matmul_graph(), opset_imports=[helper.make_opsetid('', 11)])
        bias = numpy_helper.from_array(np.ones(3, np.float32), 'b')
        source.graph.initializer.append(bias)
        source.graph.node.append(helper.make_node('Add', ['y', 'b'], ['z']))
        model = onnx.ModelProto()
        model.CopyFrom(source)
        int8_matmul.rewrite(model, lambda n: True, activations='token')
        self.assertEqual(1, quantize_encoder_int8.drop_shared_tensors(model, source))
        names = {i.name for i in model.graph.initializer}
        self.assertNotIn('b', names)
        self.assertIn('w_quantized', names)
        self.assertEqual({'bertstream.shared_tensors': 'b'}, {p.key: p.value for p in model.metadata_props})


def one_matmul_graph(seed=9):
    w = numpy_helper.from_array(np.random.default_rng(seed).normal(0, 1, (4, 3)).astype(np.float32), 'w')
    return helper.make_graph([helper.make_node('MatMul', ['x', 'w'], ['y'], name='/a/MatMul')], 'g',
                             [helper.make_tensor_value_info('x', TensorProto.FLOAT, [2, 4])],
                             [helper.make_tensor_value_info('y', TensorProto.FLOAT, [2, 3])], [w])


if __name__ == '__main__':
    unittest.main()
