"""The int8 sentence encoder: all-MiniLM-L6-v2 (fp32, from the langchain4j Maven artifact) quantized by the same
graph rewrite as quantize_int8.py (DynamicQuantizeLinear + MatMulInteger, int8 weights per output column), with
a choice of what stays fp32. Offline and deterministic: the same input gives the same bytes.

    quantize_encoder_int8.py IN.onnx OUT.onnx [--keep-fp32 PART,...] [--only PART,...] [--embeddings int8|fp32]
    quantize_encoder_int8.py IN.onnx --sensitivity DIR

A PART matches a MatMul whose node name contains it (e.g. 'layer.0/', 'output/dense', 'layer.5/intermediate').
--sensitivity writes one graph per MatMul with that MatMul alone in int8 (DIR/NN-<name>.onnx), one with only
the embedding tables in int8 (DIR/embeddings.onnx), and DIR/manifest.tsv (file, what is int8).
"""
import argparse
import os
import sys

import onnx

from quantize_int8 import quantize


def matmul_names(model):
    weights = {i.name for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == 'MatMul' and n.input[1] in weights]


def parts(text):
    return [p for p in (text or '').split(',') if p]


def write(model, path):
    onnx.checker.check_model(model)
    onnx.save(model, path)


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
    parser.add_argument('--sensitivity', metavar='DIR')
    args = parser.parse_args()
    if args.sensitivity:
        sensitivity(args.source, args.sensitivity)
        return
    keep, only = parts(args.keep_fp32), parts(args.only)

    def select(node):
        return not any(p in node.name for p in keep) and (not only or any(p in node.name for p in only))

    model = onnx.load(args.source)
    count = quantize(model, select=select, tables=args.embeddings == 'int8')
    write(model, args.target)
    print('quantize_encoder_int8: %d weights and tables to int8 (fp32: %s): %s'
          % (count, ','.join(keep) or 'none', args.target), file=sys.stderr)


if __name__ == '__main__':
    main()
