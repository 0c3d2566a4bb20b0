"""Dynamic int8 quantization of an ONNX model as a graph rewrite, the way the int8 all-MiniLM-L6-v2 of the
langchain4j artifact is built: every MatMul with a constant 2-D weight becomes

    DynamicQuantizeLinear(x) -> (x_q uint8, x_scale, x_zero)
    MatMulInteger(x_q, W_q int8, x_zero, W_zero int8[N]) -> Cast(float) -> Mul(x_scale * W_scale[N])

with the weight quantized symmetrically per output column (zero points 0), and every embedding table read by a
Gather stored as int8 with one scale and a DequantizeLinear in front. Everything else is left as it is.
Usage: quantize_int8.py IN.onnx OUT.onnx   (python3-onnx 1.12 and numpy)
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(model, select=lambda node: True, tables=True):
    """Rewrites the graph in place: the MatMuls that select(node) accepts, and the embedding tables if asked."""
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    nodes, new_initializers, replaced = [], [], set()
    for node in graph.node:
        if node.op_type != 'MatMul' or node.input[1] not in weights or not select(node):
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weights[node.input[1]]).astype(np.float32)
        if w.ndim != 2:
            nodes.append(node)
            continue
        x, name, out = node.input[0], node.input[1], node.output[0]
        scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
        w_q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        new_initializers += [numpy_helper.from_array(w_q, name + '_quantized'),
                             numpy_helper.from_array(np.zeros(w.shape[1], np.int8), name + '_zero_point'),
                             numpy_helper.from_array(scale.astype(np.float32), name + '_scale')]
        replaced.add(name)
        prefix = out + '_q'
        nodes += [
            helper.make_node('DynamicQuantizeLinear', [x], [prefix + '_x', prefix + '_x_scale', prefix + '_x_zero']),
            helper.make_node('MatMulInteger', [prefix + '_x', name + '_quantized', prefix + '_x_zero',
                                               name + '_zero_point'], [prefix + '_int32']),
            helper.make_node('Cast', [prefix + '_int32'], [prefix + '_float'], to=TensorProto.FLOAT),
            helper.make_node('Mul', [prefix + '_x_scale', name + '_scale'], [prefix + '_scales']),
            helper.make_node('Mul', [prefix + '_float', prefix + '_scales'], [out]),
        ]
    # embedding tables (the data input of a Gather): int8 with one scale, dequantized before the lookup
    gathered = {n.input[0] for n in graph.node if tables and n.op_type == 'Gather' and n.input[0] in weights}
    dequantize = []
    for name in sorted(gathered):
        table = numpy_helper.to_array(weights[name])
        if table.dtype != np.float32 or table.size < 1024:
            continue
        scale = max(float(np.abs(table).max()), 1e-12) / 127.0
        new_initializers += [numpy_helper.from_array(np.clip(np.round(table / scale), -127, 127).astype(np.int8),
                                                     name + '_quantized'),
                             numpy_helper.from_array(np.array(scale, np.float32), name + '_scale'),
                             numpy_helper.from_array(np.array(0, np.int8), name + '_zero_point')]
        dequantize.append(helper.make_node('DequantizeLinear', [name + '_quantized', name + '_scale',
                                                                name + '_zero_point'], [name]))
        replaced.add(name)
    nodes = dequantize + nodes
    kept = [i for i in graph.initializer if i.name not in replaced]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    del graph.node[:]
    graph.node.extend(nodes)
    return len(replaced)


def main():
    source, target = sys.argv[1], sys.argv[2]
    model = onnx.load(source)
    count = quantize(model)
    onnx.checker.check_model(model)
    onnx.save(model, target)
    print('quantize_int8: %d weights and tables to int8: %s' % (count, target), file=sys.stderr)


if __name__ == '__main__':
    main()
