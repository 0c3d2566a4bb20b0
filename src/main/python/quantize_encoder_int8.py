"""The int8 sentence encoder: all-MiniLM-L6-v2 (fp32, from the langchain4j Maven artifact) quantized by the same
graph rewrite as quantize_int8.py (DynamicQuantizeLinear + MatMulInteger, int8 weights per output column), with
a choice of what stays fp32. Offline and deterministic: the same input gives the same bytes.

    quantize_encoder_int8.py IN.onnx OUT.onnx [--keep-fp32 PART,...] [--only PART,...] [--embeddings int8|fp32]
        [--activations tensor|token] [--per-tensor PART,...] [--activation-type uint8|int8] [--activation-bits 8|7]
        [--weight-bits 8|7] [--weight-type int8|uint8] [--seven-bit PART,...] [--rounding nearest|sum|none]
        [--outliers RANGES.tsv [--outlier-ratio R]] [--smooth RANGES.tsv [--alpha A]] [--fake]
    quantize_encoder_int8.py IN.onnx --sensitivity DIR
    quantize_encoder_int8.py IN.onnx --calibration-graph OUT.onnx   (then ActivationRanges: RANGES.tsv)

A PART matches a MatMul whose node name contains it (e.g. 'layer.0/', 'output/dense', 'layer.5/intermediate').
--sensitivity writes one graph per MatMul with that MatMul alone in int8 (DIR/NN-<name>.onnx), one with only
the embedding tables in int8 (DIR/embeddings.onnx), and DIR/manifest.tsv (file, what is int8).
--activations ... --fake are the variants of int8_matmul.py (its docstring); without them the graph is the
rewrite of quantize_int8.py. --calibration-graph writes the fp32 model with the input of every selected MatMul as
an extra output, which io.bertstream.bench.ActivationRanges runs on calibration text (not the benchmark corpus) to
write the per-channel ranges that --outliers and --smooth read (minilm-l6-activation-ranges.tsv beside this file).

The graph inside the summaries' noise (docs/benchmarks-int8-and-questions.md, sections 2b and 2c): int8 weights,
run with exact int8 products (the service's inference.int8.exact=true: the fast kernel on CPUs with VNNI, the
exact one elsewhere; --weight-type uint8 gives the same numbers, on the slow kernel everywhere):
    quantize_encoder_int8.py all-minilm-l6-v2.onnx OUT.onnx --activations token \
        --outliers minilm-l6-activation-ranges.tsv --outlier-ratio 3
"""
import argparse
import os
import sys

import onnx

import int8_matmul
from quantize_int8 import quantize


def matmul_names(model):
    weights = {i.name for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == 'MatMul' and n.input[1] in weights]


def parts(text):
    return [p for p in (text or '').split(',') if p]


def write(model, path, shared_from=None):
    onnx.checker.check_model(model)
    if shared_from is not None:
        drop_shared_tensors(model, shared_from)
    onnx.save(model, path)


def drop_shared_tensors(model, source):
    """Removes the initializers that the source model holds with the same name and the same bytes (the fp32
    tables, biases and LayerNorm weights): the file then holds only what quantization wrote, and the service fills
    in the rest from the source it already has (io.bertstream.inference.SharedTensorGraph). The names are kept in
    the model's metadata ('bertstream.shared_tensors'), so the file says what it needs."""
    theirs = {i.name: i.SerializeToString() for i in source.graph.initializer}
    kept, shared = [], []
    for tensor in model.graph.initializer:
        (shared if theirs.get(tensor.name) == tensor.SerializeToString() else kept).append(tensor)
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    onnx.helper.set_model_props(model, {'bertstream.shared_tensors': ','.join(t.name for t in shared)})
    return len(shared)


def sensitivity(source, directory):
    os.makedirs(directory, exist_ok=True)
    names = matmul_names(onnx.load(source))
    rows = []
    for i, name in enumerate(names):
        model = onnx.load(source)
        quantize(model, select=lambda node, n=name: node.name == n, tables=False)
        file = '%02d-%s.onnx' % (i, name.strip('/').replace('/', '_'))
        write(model, os.path.join(directory, file))
        rows.append((file, name))
    model = onnx.load(source)
    quantize(model, select=lambda node: False, tables=True)
    write(model, os.path.join(directory, 'embeddings.onnx'))
    rows.append(('embeddings.onnx', 'embedding tables'))
    with open(os.path.join(directory, 'manifest.tsv'), 'w') as manifest:
        manifest.writelines('%s\t%s\n' % row for row in rows)
    print('quantize_encoder_int8: %d graphs in %s' % (len(rows), directory), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source')
    parser.add_argument('target', nargs='?')
    parser.add_argument('--keep-fp32', default='', help='MatMuls left fp32 (comma-separated name parts)')
    parser.add_argument('--only', default='', help='quantize only these MatMuls (comma-separated name parts)')
    parser.add_argument('--embeddings', choices=['int8', 'fp32'], default='fp32')
    parser.add_argument('--activations', choices=['tensor', 'token'], default='tensor')
    parser.add_argument('--per-tensor', default='', help='with --activations token: these MatMuls (name parts) '
                        'per tensor all the same')
    parser.add_argument('--activation-type', choices=['uint8', 'int8'], default='uint8',
                        help='with --activations token: the quantized activations as uint8 + 128 or as int8')
    parser.add_argument('--activation-bits', type=int, choices=[8, 7], default=8,
                        help='with --activations token: 7 keeps every activation byte under 128 (no int16 '
                        'saturation of the AVX2 u8 x s8 kernel with 8-bit weights)')
    parser.add_argument('--fused', action='store_true',
                        help='with --activations token: the same integers in ONNX Runtime\'s fused operators '
                        '(com.microsoft QuantizeLinear per row, MatMulIntegerToFloat)')
    parser.add_argument('--shared-from-source', action='store_true',
                        help='leave out the tensors the source holds unchanged (the service fills them in)')
    parser.add_argument('--rounding', choices=['nearest', 'sum', 'none'], default='nearest')
    parser.add_argument('--smooth', metavar='RANGES.tsv', help='per-input-channel scale migration from these ranges')
    parser.add_argument('--alpha', type=float, default=0.5, help='migration strength of --smooth (default 0.5)')
    parser.add_argument('--weight-bits', type=int, choices=[8, 7], default=8,
                        help='7: weights in [-63, 63] (no int16 saturation on AVX2 without VNNI)')
    parser.add_argument('--seven-bit', default='', help='these MatMuls (name parts): 7-bit int8 weights whatever '
                        '--weight-bits and --weight-type say')
    parser.add_argument('--weight-type', choices=['int8', 'uint8'], default='int8',
                        help='uint8: weights + 128 with zero point 128 (the u8 x u8 kernel)')
    parser.add_argument('--outliers', metavar='RANGES.tsv', help='compute outlier channels apart in fp32')
    parser.add_argument('--outlier-ratio', type=float, default=4.0,
                        help='outlier: calibration max over RATIO x the median channel (default 4)')
    parser.add_argument('--fake', action='store_true', help='int8-rounded weights in fp32 MatMuls (diagnosis)')
    parser.add_argument('--sensitivity', metavar='DIR')
    parser.add_argument('--calibration-graph', metavar='OUT.onnx')
    args = parser.parse_args()
    if args.sensitivity:
        sensitivity(args.source, args.sensitivity)
        return
    keep, only = parts(args.keep_fp32), parts(args.only)

    def select(node):
        return not any(p in node.name for p in keep) and (not only or any(p in node.name for p in only))

    model = onnx.load(args.source)
    if args.calibration_graph:
        names = int8_matmul.with_inputs_as_outputs(model, select)
        write(model, args.calibration_graph)
        print('quantize_encoder_int8: %d MatMul inputs as outputs: %s' % (len(names), args.calibration_graph),
              file=sys.stderr)
        return
    if args.rounding == 'none' and not args.fake:
        parser.error('--rounding none only with --fake')
    variant = (args.activations != 'tensor' or args.rounding != 'nearest' or args.smooth or args.fake
               or args.weight_bits != 8 or args.weight_type != 'int8' or args.outliers
               or args.activation_type != 'uint8' or args.seven_bit or args.activation_bits != 8 or args.fused)
    if variant:
        ranges = int8_matmul.read_ranges(args.smooth) if args.smooth else None
        outliers = (int8_matmul.outlier_channels(int8_matmul.read_ranges(args.outliers), args.outlier_ratio)
                    if args.outliers else None)
        count = int8_matmul.rewrite(model, select, activations=args.activations, rounding=args.rounding,
                                    ranges=ranges, alpha=args.alpha, fake=args.fake,
                                    weight_bits=args.weight_bits, weight_type=args.weight_type, outliers=outliers,
                                    per_tensor=lambda node: any(p in node.name for p in parts(args.per_tensor)),
                                    activation_type=args.activation_type, activation_bits=args.activation_bits,
                                    fused=args.fused,
                                    seven_bit=lambda node: any(p in node.name for p in parts(args.seven_bit)))
        count += quantize(model, select=lambda node: False, tables=args.embeddings == 'int8')
    else:
        count = quantize(model, select=select, tables=args.embeddings == 'int8')
    write(model, args.target, onnx.load(args.source) if args.shared_from_source else None)
    print('quantize_encoder_int8: %d weights and tables to int8 (fp32: %s%s): %s'
          % (count, ','.join(keep) or 'none', '' if not variant or not args.outliers else
             ', %d outlier channels' % sum(len(v) for v in outliers.values()), args.target), file=sys.stderr)


if __name__ == '__main__':
    main()
