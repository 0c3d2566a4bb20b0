"""Variants of the int8 MatMul rewrite of quantize_int8.py, for quantize_encoder_int8.py: how the activations are
quantized, how the weights are rounded, and per-input-channel scale migration (SmoothQuant) from calibration
ranges. Each rewrite keeps the fp32 function up to the quantization itself.

Activations (the MatMul's input x, [..., K]):
  tensor  DynamicQuantizeLinear: one uint8 scale and zero point for the whole tensor (every token of every
          sentence of the batch, padding included): what ORT's dynamic quantization and the bundled graph do.
  token   one symmetric int8 scale per row (per token): s = max|x_row| / 127, q = round(x / s) in [-127, 127],
          fed to MatMulInteger as uint8 q + 128 with zero point 128, the product scaled by s x w_scale[n].
          With activation_bits 7: s = max|x_row| / 63, q in [-63, 63], fed as uint8 q + 64 (zero point 64), so no
          input byte exceeds 127 and the AVX2 u8 x s8 kernel's int16 pair sums (at most 2 x 127 x 127 = 32,258)
          cannot saturate with 8-bit weights: the fast kernel, exact, at the cost of an activation bit.
Weights [K, N]: symmetric int8 per output column (scale = max|w[:, n]| / 127), rounded
  nearest  to the nearest integer;
  sum      to the nearest, then the entries nearest the rounding boundary moved by one step so that each column's
           sum of integers is the nearest integer to its exact sum (|sum(q) - sum(w / scale)| <= 0.5);
  none     not at all (only with fake: the graph then computes the fp32 function, to check the smoothing alone).
Smoothing: for an input tensor x read by MatMuls with weights W_1..W_m, s_k = a_k^alpha / b_k^(1 - alpha), with
  a_k = the calibration max |x[..., k]| and b_k = max over the W_i of max |W_i[k, :]|; x is multiplied by 1 / s
  (one Mul node per input tensor) and every W_i[k, :] by s_k before it is quantized: x W = (x / s)(diag(s) W).
"""
import numpy as np
from onnx import helper, numpy_helper, TensorProto


def constant_weight_matmuls(graph):
    """The MatMul nodes whose second input is a 2-D fp32 initializer."""
    weights = {i.name: i for i in graph.initializer}
    result = []
    for node in graph.node:
        if node.op_type == 'MatMul' and node.input[1] in weights:
            if len(weights[node.input[1]].dims) == 2:
                result.append(node)
    return result


def column_scales(w, levels=127):
    return np.maximum(np.abs(w).max(axis=0), 1e-12) / float(levels)


def round_weights(w, scale, rounding='nearest', levels=127):
    """int8 integers of w / scale (per column) in [-levels, levels], by nearest rounding or keeping each column's
    sum."""
    exact = w / scale
    if rounding == 'none':
        return exact  # no rounding at all: with fake=True the graph is the fp32 function (smoothing checked alone)
    q = np.clip(np.round(exact), -levels, levels)
    if rounding == 'sum':
        q = keep_column_sums(exact, q, levels)
    elif rounding != 'nearest':
        raise ValueError('rounding: ' + rounding)
    return q.astype(np.int8)


def keep_column_sums(exact, q, levels=127):
    """Moves, per column, the fewest entries by one step (those nearest their rounding boundary, within
    [-levels, levels]) so that sum(q) becomes round(sum(exact))."""
    q = q.copy()
    for n in range(exact.shape[1]):
        residual = exact[:, n] - q[:, n]
        need = int(np.round(exact[:, n].sum())) - int(q[:, n].sum())
        if need == 0:
            continue
        step = 1 if need > 0 else -1
        movable = (q[:, n] + step <= levels) & (q[:, n] + step >= -levels)
        # residual * step near 0.5: the entry was almost rounded the other way
        order = np.argsort(-(residual * step) + np.where(movable, 0, np.inf), kind='stable')
        q[order[:abs(need)], n] += step
    return q


def smoothing_scales(activation_max, weights, alpha):
    """s_k = a_k^alpha / b_k^(1-alpha) for one input tensor and the weights that read it."""
    a = np.maximum(np.asarray(activation_max, np.float64), 1e-5)
    b = np.maximum(np.max([np.abs(w).max(axis=1) for w in weights], axis=0).astype(np.float64), 1e-5)
    return (a ** alpha / b ** (1 - alpha)).astype(np.float32)


def outlier_channels(ranges, ratio, at_most=8):
    """Per input tensor, the channels whose calibration max |x| exceeds ratio x the tensor's median channel max
    (the largest at_most of them), sorted."""
    result = {}
    for name, a in ranges.items():
        over = np.nonzero(a > ratio * np.median(a))[0]
        if len(over):
            result[name] = np.sort(over[np.argsort(-a[over], kind='stable')][:at_most]).astype(np.int64)
    return result


def rewrite(model, select, activations='tensor', rounding='nearest', ranges=None, alpha=0.5, fake=False,
            weight_bits=8, weight_type='int8', outliers=None, per_tensor=lambda node: False,
            activation_type='uint8', seven_bit=lambda node: False, activation_bits=8, fused=False):
    """Rewrites the selected constant-weight MatMuls in place; returns how many. ranges: input tensor name ->
    per-channel calibration max |x| (smoothing when given; inputs without ranges are not smoothed). fake: keep
    fp32 MatMuls with the dequantized int8 weights (the weight rounding alone, for diagnosis). weight_bits 7: weights
    in [-63, 63] (ORT's reduce_range: on AVX2 without VNNI the u8 x s8 kernel adds pairs of products in int16,
    which saturates beyond 32,767 = 2 x 255 x 64 - 1). weight_type uint8: the weights stored as q + 128 with zero
    point 128 (MLAS's u8 x u8 kernel, which does not saturate). outliers: input tensor name -> channel indices
    computed apart in fp32 (LLM.int8()-style): x W = (x with those channels zeroed) W_q + x[..., O] W[O, :], the
    int8 part quantized without them (and W[O, :] zeroed before its column scales). per_tensor(node): MatMuls
    whose activations are quantized per tensor whatever activations says. activation_type int8: per-token
    activations fed to MatMulInteger as int8 (zero point 0) instead of uint8 + 128. seven_bit(node): MatMuls whose
    weights are 7-bit int8 whatever weight_bits and weight_type say (the fast u8 x s8 kernel, without saturation).
    activation_bits 7 (per-token uint8 activations only): activations in [-63, 63] + 64 (see the module's
    docstring). fused (per-token 8-bit uint8 only): the same integers with ONNX Runtime's fused operators (see
    fused_token_quantized_matmul)."""
    if fused and (activations != 'token' or activation_type != 'uint8' or activation_bits != 8):
        raise ValueError('fused: only with per-token 8-bit uint8 activations')
    if activation_bits != 8 and (activations != 'token' or activation_type != 'uint8'):
        raise ValueError('activation_bits 7: only with per-token uint8 activations')
    levels = {8: 127, 7: 63}[weight_bits]
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    chosen = [n for n in constant_weight_matmuls(graph) if select(n)]
    arrays = {n.input[1]: numpy_helper.to_array(weights[n.input[1]]).astype(np.float32) for n in chosen}
    smoothed = {}  # input tensor -> scales s
    if ranges:
        readers = {}
        for n in chosen:
            readers.setdefault(n.input[0], []).append(arrays[n.input[1]])
        for x, ws in readers.items():
            if x in ranges:
                smoothed[x] = smoothing_scales(ranges[x], ws, alpha)
    by_output = {n.output[0]: n for n in chosen}
    nodes, new_initializers, replaced, mul_added, quantized_inputs = [], [], set(), set(), set()
    for node in graph.node:
        if node.output[0] not in by_output or node is not by_output[node.output[0]]:
            nodes.append(node)
            continue
        x, name, out = node.input[0], node.input[1], node.output[0]
        w = arrays[name]
        if x in smoothed:
            s = smoothed[x]
            w = w * s[:, None]
            if x not in mul_added:
                new_initializers.append(numpy_helper.from_array((1.0 / s).astype(np.float32), x + '_smooth_inv'))
                nodes.append(helper.make_node('Mul', [x, x + '_smooth_inv'], [x + '_smoothed']))
                mul_added.add(x)
            x = x + '_smoothed'
        original, tail = node.input[0], []
        if outliers and original in outliers:
            index = outliers[original]
            if x + '_inliers' not in mul_added:
                mask = np.ones(w.shape[0], np.float32)
                mask[index] = 0
                new_initializers += [numpy_helper.from_array(mask, x + '_inlier_mask'),
                                     numpy_helper.from_array(index, x + '_outlier_index')]
                nodes += [helper.make_node('Mul', [x, x + '_inlier_mask'], [x + '_inliers']),
                          helper.make_node('Gather', [x, x + '_outlier_index'], [x + '_outliers'], axis=-1)]
                mul_added.add(x + '_inliers')
            new_initializers.append(numpy_helper.from_array(w[index, :].astype(np.float32), name + '_outlier_rows'))
            nodes.append(helper.make_node('MatMul', [x + '_outliers', name + '_outlier_rows'],
                                          [out + '_outlier_part']))
            tail = [helper.make_node('Add', [out + '_inlier_part', out + '_outlier_part'], [out])]
            w = w.copy()
            w[index, :] = 0
            x, out = x + '_inliers', out + '_inlier_part'
        node_levels, node_type = (63, 'int8') if seven_bit(node) else (levels, weight_type)
        scale = column_scales(w, node_levels)
        w_q = round_weights(w, scale, rounding, node_levels)
        replaced.add(name)
        if fake:
            new_initializers.append(numpy_helper.from_array((np.asarray(w_q, np.float32) * scale).astype(np.float32),
                                                            name + '_dequantized'))
            nodes.append(helper.make_node('MatMul', [x, name + '_dequantized'], [out], name=node.name))
            nodes += tail
            continue
        if node_type == 'uint8':
            stored = (w_q.astype(np.int16) + 128).astype(np.uint8), np.full(w.shape[1], 128, np.uint8)
        else:
            stored = w_q, np.zeros(w.shape[1], np.int8)
        new_initializers += [numpy_helper.from_array(stored[0], name + '_quantized'),
                             numpy_helper.from_array(stored[1], name + '_zero_point'),
                             numpy_helper.from_array(scale.astype(np.float32), name + '_scale')]
        prefix = out + '_q'
        if activations == 'tensor' or per_tensor(node):
            nodes += [
                helper.make_node('DynamicQuantizeLinear', [x], [prefix + '_x', prefix + '_x_scale',
                                                                prefix + '_x_zero']),
                helper.make_node('MatMulInteger', [prefix + '_x', name + '_quantized', prefix + '_x_zero',
                                                   name + '_zero_point'], [prefix + '_int32']),
                helper.make_node('Cast', [prefix + '_int32'], [prefix + '_float'], to=TensorProto.FLOAT),
                helper.make_node('Mul', [prefix + '_x_scale', name + '_scale'], [prefix + '_scales']),
                helper.make_node('Mul', [prefix + '_float', prefix + '_scales'], [out], name=node.name),
            ]
        elif activations == 'token' and fused:
            nodes += fused_token_quantized_matmul(x, name, out, w.shape[0], new_initializers, quantized_inputs)
        elif activations == 'token':
            nodes += token_quantized_matmul(x, name, out, prefix, new_initializers, quantized_inputs,
                                            activation_type, activation_bits)
        else:
            raise ValueError('activations: ' + activations)
        nodes += tail
    del graph.initializer[:]
    graph.initializer.extend([i for i in weights.values() if i.name not in replaced] + new_initializers)
    del graph.node[:]
    graph.node.extend(nodes)
    if fused and not any(o.domain == 'com.microsoft' for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid('com.microsoft', 1))
    return len(replaced)


def token_quantized_matmul(x, name, out, prefix, initializers, quantized_inputs, activation_type='uint8',
                           activation_bits=8):
    """x [..., K] quantized per row (symmetric int8, fed as uint8 + 128 with zero point 128, or as int8 with zero
    point 0; 7 bits: uint8 + 64, zero point 64), times the int8 weight. The quantized x is computed once per input
    tensor (query, key and value read the same one): quantized_inputs remembers it."""
    levels = {8: 127, 7: 63}[activation_bits]
    suffix = '' if activation_bits == 8 else '_7bit'  # 8-bit names unchanged: the same graphs, the same bytes
    shared = ['token_q_inv%d' % levels, 'token_q_eps', 'token_q_offset' + suffix, 'token_q_zero' + suffix,
              'token_q_zero_s8']
    if not any(i.name == shared[0] for i in initializers):
        initializers += [numpy_helper.from_array(np.array(1.0 / levels, np.float32), shared[0]),
                         numpy_helper.from_array(np.array(1e-12, np.float32), shared[1]),
                         numpy_helper.from_array(np.array(levels + 1.0, np.float32), shared[2]),
                         numpy_helper.from_array(np.array(levels + 1, np.uint8), shared[3]),
                         numpy_helper.from_array(np.array(0, np.int8), shared[4])]
    nodes = []
    q = x + '_token_q'
    if x not in quantized_inputs:
        quantized_inputs.add(x)
        cast = ([helper.make_node('Add', [q + '_rounded', shared[2]], [q + '_shifted']),
                 helper.make_node('Cast', [q + '_shifted'], [q + '_x'], to=TensorProto.UINT8)]
                if activation_type == 'uint8' else
                [helper.make_node('Cast', [q + '_rounded'], [q + '_x'], to=TensorProto.INT8)])
        nodes += row_scale_nodes(x, q, shared[0], shared[1]) + [
            helper.make_node('Div', [x, q + '_row_scale'], [q + '_scaled']),
            helper.make_node('Round', [q + '_scaled'], [q + '_rounded']),
        ] + cast
    zero = shared[3] if activation_type == 'uint8' else shared[4]
    return nodes + [
        helper.make_node('MatMulInteger', [q + '_x', name + '_quantized', zero, name + '_zero_point'],
                         [prefix + '_int32']),
        helper.make_node('Cast', [prefix + '_int32'], [prefix + '_float'], to=TensorProto.FLOAT),
        helper.make_node('Mul', [prefix + '_float', q + '_row_scale'], [prefix + '_row_scaled']),
        helper.make_node('Mul', [prefix + '_row_scaled', name + '_scale'], [out]),
    ]

def row_scale_nodes(x, q, inverse_levels, eps):
    """q_row_scale = max(max |x_row|, eps) / levels, one per row (per token), keeping the last axis."""
    return [
        helper.make_node('Abs', [x], [q + '_abs']),
        helper.make_node('ReduceMax', [q + '_abs'], [q + '_absmax'], axes=[-1], keepdims=1),
        helper.make_node('Max', [q + '_absmax', eps], [q + '_absmax_safe']),
        helper.make_node('Mul', [q + '_absmax_safe', inverse_levels], [q + '_row_scale']),
    ]


def fused_token_quantized_matmul(x, name, out, channels, initializers, quantized_inputs):
    """The per-token product of token_quantized_matmul (8-bit, uint8 + 128) in fewer, fused operators: the
    division, rounding, shift and cast by one com.microsoft QuantizeLinear per row (round half to even and
    saturation, as Round and Cast; on the rows of x as a 2-D [tokens, K] view, axis 0), and the product's cast
    and column scales by one com.microsoft MatMulIntegerToFloat; the row scale stays a Mul. The integers are
    token_quantized_matmul's; the float products are scaled in another order (column, then row): within an ulp.
    channels: K, the rows of the weight."""
    shared = ['token_q_inv127', 'token_q_eps', 'token_q_zero', 'fused_q_one', 'fused_q_rows']
    if not any(i.name == shared[3] for i in initializers):
        initializers += [numpy_helper.from_array(np.array(1.0 / 127, np.float32), shared[0]),
                         numpy_helper.from_array(np.array(1e-12, np.float32), shared[1]),
                         numpy_helper.from_array(np.array(128, np.uint8), shared[2]),
                         numpy_helper.from_array(np.array(1.0, np.float32), shared[3]),
                         numpy_helper.from_array(np.array([-1], np.int64), shared[4])]
    q = x + '_token_q'
    nodes = []
    if x not in quantized_inputs:
        quantized_inputs.add(x)
        k = x + '_channels'
        initializers.append(numpy_helper.from_array(np.array([-1, channels], np.int64), k))
        nodes += row_scale_nodes(x, q, shared[0], shared[1]) + [
            helper.make_node('Reshape', [q + '_row_scale', shared[4]], [q + '_row_scale_1d']),
            helper.make_node('Shape', [q + '_row_scale_1d'], [q + '_rows']),
            helper.make_node('Expand', [shared[2], q + '_rows'], [q + '_zero_1d']),
            helper.make_node('Reshape', [x, k], [q + '_2d']),
            helper.make_node('QuantizeLinear', [q + '_2d', q + '_row_scale_1d', q + '_zero_1d'], [q + '_x_2d'],
                             axis=0, domain='com.microsoft'),
            helper.make_node('Shape', [x], [q + '_shape']),
            helper.make_node('Reshape', [q + '_x_2d', q + '_shape'], [q + '_x']),
        ]
    return nodes + [
        helper.make_node('MatMulIntegerToFloat', [q + '_x', name + '_quantized', shared[3], name + '_scale',
                                                  shared[2], name + '_zero_point'], [out + '_q_col_scaled'],
                         domain='com.microsoft'),
        helper.make_node('Mul', [out + '_q_col_scaled', q + '_row_scale'], [out]),
    ]


def read_ranges(path):
    """The calibration ranges file of ActivationRanges: one line per tensor, its name then max |x| per channel."""
    ranges = {}
    with open(path) as f:
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if len(fields) > 1 and not fields[0].startswith('#'):
                ranges[fields[0]] = np.array([float(v) for v in fields[1:]], np.float32)
    return ranges


def with_inputs_as_outputs(model, select):
    """The fp32 model with the input of every selected MatMul also a graph output (for calibration)."""
    names = []
    for node in constant_weight_matmuls(model.graph):
        if select(node) and node.input[0] not in names:
            names.append(node.input[0])
    for name in names:
        model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ['batch', 'tokens', 'channels']))
    return names
