"""Fine-tunes a 384-wide BERT sentence encoder (all-MiniLM-L6-v2 by default; any BERT-layout ONNX export with the
same vocabulary, e.g. bge-small-en-v1.5 or e5-small-v2 with 12 layers) into an extractive question-answering
reader and exports it to ONNX with start_logits/end_logits, like a Hugging Face export.

The training windows come from Java (`train-qa` writes them with the serving code: whole articles, the same
tokenizer, sentence splitter, retrieval and windowing), one JSON object per line:
  {"q": n, "ids": [...], "types": [...], "ctx": [from, to], "start": s, "end": e}
start/end are window positions of the gold span; 0/0 is the [CLS] target (no answer in this window); q numbers
the question, whose windows are consecutive lines. A batch holds whole questions (all their windows).

Losses (--loss): "window" is each window's own softmax over [CLS] and its context (what serving decodes);
"shared" is one softmax over the [CLS] and context positions of all windows of a question (Clark & Gardner 2018),
so that scores are comparable across the windows of the whole article; "both" (default) adds the two.

Seeded and resumable: a checkpoint is written every --checkpoint-every steps and at the end of each epoch; a run
started again with the same arguments continues from it (refused if the training windows changed). The log
(log.jsonl) records the arguments, the sha256 of the windows and what train-qa passes as --provenance (commit,
data sha256, split, served settings).
Runs with Debian's python3-torch (1.13) and python3-onnx (1.12); install libopenblas0-pthread too (15x faster).
"""
import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time

import onnx
from onnx import numpy_helper
import torch
from torch import nn

HIDDEN, HEADS, INTERMEDIATE = 384, 12, 1536


class Bert(nn.Module):
    """BERT encoder with the parameter names of Hugging Face's BertModel, plus a span head (qa_outputs)."""

    def __init__(self, layers=6, vocab=30522, positions=512, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, HIDDEN)
        self.position = nn.Embedding(positions, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.embed_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList([Layer(dropout) for _ in range(layers)])
        self.qa_outputs = nn.Linear(HIDDEN, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq = input_ids.shape[1]
        positions = torch.arange(seq, device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        x = self.drop(self.embed_norm(x))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        logits = self.qa_outputs(x)
        return logits[..., 0], logits[..., 1]


class Layer(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attention_output = nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = nn.Linear(HIDDEN, INTERMEDIATE)
        self.output = nn.Linear(INTERMEDIATE, HIDDEN)
        self.output_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def heads(self, x):
        b, s, _ = x.shape
        return x.view(b, s, HEADS, HIDDEN // HEADS).transpose(1, 2)

    def forward(self, x, bias):
        b, s, _ = x.shape
        q, k, v = self.heads(self.query(x)), self.heads(self.key(x)), self.heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(HIDDEN // HEADS) + bias
        attention = self.drop(torch.softmax(scores, dim=-1))
        context = torch.matmul(attention, v).transpose(1, 2).reshape(b, s, HIDDEN)
        x = self.attention_norm(x + self.drop(self.attention_output(context)))
        hidden = nn.functional.gelu(self.intermediate(x))
        return self.output_norm(x + self.drop(self.output(hidden)))


def onnx_weights(path):
    """The initializers of a Hugging Face BertModel ONNX export under their PyTorch names. Biases keep their names;
    the MatMul weights are anonymous (onnx::MatMul_N): each is named after the bias of the Add that follows its
    MatMul, and transposed back to nn.Linear's [out, in]."""
    graph = onnx.load(path).graph
    tensors = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    named = {k: v for k, v in tensors.items() if not k.startswith('onnx::')}
    for node in graph.node:
        if node.op_type != 'MatMul' or node.input[1] not in tensors:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == 'Add']
        biases = [i for n in adds for i in n.input if i.endswith('.bias') and i in tensors]
        if len(biases) != 1:
            raise ValueError('cannot name MatMul weight %s' % node.input[1])
        named[biases[0][:-len('.bias')] + '.weight'] = tensors[node.input[1]].T
    return named


def layer_count(path):
    """The number of encoder layers of a BertModel ONNX export (6 for MiniLM-L6, 12 for bge-small and e5-small) or
    of a reader this script exported (layers.N.*)."""
    names = [i.name for i in onnx.load(path).graph.initializer]
    return len({n.split('.')[2] for n in names if n.startswith('encoder.layer.')}
               | {n.split('.')[1] for n in names if n.startswith('layers.')})


def load_minilm(model, path):
    w = onnx_weights(path)
    mapping = {
        'word.weight': 'embeddings.word_embeddings.weight',
        'position.weight': 'embeddings.position_embeddings.weight',
        'token_type.weight': 'embeddings.token_type_embeddings.weight',
        'embed_norm.weight': 'embeddings.LayerNorm.weight',
        'embed_norm.bias': 'embeddings.LayerNorm.bias',
    }
    parts = {'query': 'attention.self.query', 'key': 'attention.self.key', 'value': 'attention.self.value',
             'attention_output': 'attention.output.dense', 'attention_norm': 'attention.output.LayerNorm',
             'intermediate': 'intermediate.dense', 'output': 'output.dense', 'output_norm': 'output.LayerNorm'}
    for i in range(len(model.layers)):
        for ours, theirs in parts.items():
            for kind in ('weight', 'bias'):
                mapping['layers.%d.%s.%s' % (i, ours, kind)] = 'encoder.layer.%d.%s.%s' % (i, theirs, kind)
    state = model.state_dict()
    for ours, theirs in mapping.items():
        value = torch.from_numpy(w[theirs].copy())
        if value.shape != state[ours].shape:
            raise ValueError('%s: %s vs %s' % (theirs, tuple(value.shape), tuple(state[ours].shape)))
        state[ours] = value
    model.load_state_dict(state)
    return len(mapping)


def is_reader(path):
    """True for a reader exported by this script (fp32, or int8 by quantize_int8.py): it has the span head."""
    return any(i.name == 'qa_outputs.bias' for i in onnx.load(path).graph.initializer)


def load_reader(model, path):
    """Warm start from a reader this script exported, fp32 or int8 (dynamic quantization: each weight is
    (q - zero_point) * scale, per output column for MatMulInteger, per tensor for the embeddings). Tensors keep this
    module's names in the export; a MatMul's weight is named by the module path in the node's input or name
    ("/layers.0/query/MatMul...") and transposed back to nn.Linear's [out, in]."""
    graph = onnx.load(path).graph
    tensors = {i.name: numpy_helper.to_array(i) for i in graph.initializer}

    def dequantized(q, scale, zero):
        return (tensors[q].astype('float32') - tensors[zero].astype('float32')) * tensors[scale]

    state = {k: v for k, v in tensors.items() if k in model.state_dict()}
    for node in graph.node:
        if node.op_type == 'DequantizeLinear' and node.input[0] in tensors:
            state[node.output[0]] = dequantized(*node.input[:3])
        elif node.op_type in ('MatMul', 'MatMulInteger') and node.input[1] in tensors:
            found = re.search(r'/((?:layers\.\d+/)?\w+)/MatMul', node.name + ' ' + node.input[0])
            if not found:
                raise ValueError('cannot name MatMul weight %s' % node.input[1])
            weight = tensors[node.input[1]]
            if node.op_type == 'MatMulInteger':
                base = node.input[1][:-len('_quantized')]
                weight = dequantized(node.input[1], base + '_scale', node.input[3])
            state[found.group(1).replace('/', '.') + '.weight'] = weight.T
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    if missing:
        raise ValueError('%s lacks %s' % (path, missing))
    model.load_state_dict({k: torch.from_numpy(state[k].copy()).reshape(expected[k].shape) for k in expected})
    return len(expected)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 16), b''):
            digest.update(block)
    return digest.hexdigest()


def read_windows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def questions(windows):
    """The window indices of each question (consecutive lines with the same q; a line without q is its own)."""
    groups, last = [], object()
    for i, w in enumerate(windows):
        q = w.get('q', ('line', i))
        if q != last:
            groups.append([])
            last = q
        groups[-1].append(i)
    return groups


def batches(windows, batch_size, rng):
    """Whole questions, about batch_size windows a batch, questions of similar window length together (little
    padding), the batches in random order."""
    groups = questions(windows)
    order = sorted(range(len(groups)), key=lambda g: (max(len(windows[i]['ids']) for i in groups[g]), rng.random()))
    chunks, chunk = [], []
    for g in order:
        if chunk and len(chunk) + len(groups[g]) > batch_size:
            chunks.append(chunk)
            chunk = []
        chunk.extend(groups[g])
    if chunk:
        chunks.append(chunk)
    rng.shuffle(chunks)
    return chunks


def tensors(windows, chunk):
    width = max(len(windows[i]['ids']) for i in chunk)
    n = len(chunk)
    ids = torch.zeros(n, width, dtype=torch.long)
    types = torch.zeros(n, width, dtype=torch.long)
    mask = torch.zeros(n, width, dtype=torch.long)
    scoreable = torch.zeros(n, width, dtype=torch.bool)
    starts = torch.zeros(n, dtype=torch.long)
    ends = torch.zeros(n, dtype=torch.long)
    group = torch.zeros(n, dtype=torch.long)
    for row, i in enumerate(chunk):
        w = windows[i]
        length = len(w['ids'])
        ids[row, :length] = torch.tensor(w['ids'])
        types[row, :length] = torch.tensor(w['types'])
        mask[row, :length] = 1
        scoreable[row, 0] = True
        scoreable[row, w['ctx'][0]:w['ctx'][1]] = True
        starts[row], ends[row] = w['start'], w['end']
        group[row] = hash(w.get('q', ('line', i)))
    return ids, types, mask, scoreable, starts, ends, group


def shared_loss(logits, targets, group):
    """Cross-entropy of one softmax over all scoreable positions of all windows of each question. The target is
    the gold position in every window that holds the answer (their probabilities summed); for a question no window
    answers, the [CLS] positions of all its windows."""
    losses = []
    for g in torch.unique(group):
        rows = (group == g).nonzero().flatten()
        flat = logits[rows].flatten()
        target = torch.zeros_like(logits[rows], dtype=torch.bool)
        answered = targets[rows] != 0
        if answered.any():
            target[answered.nonzero().flatten(), targets[rows][answered]] = True
        else:
            target[:, 0] = True
        losses.append(torch.logsumexp(flat, 0) - torch.logsumexp(flat[target.flatten()], 0))
    return torch.stack(losses).mean()


def span_loss(model, batch, kind='window'):
    ids, types, mask, scoreable, starts, ends, group = batch
    start_logits, end_logits = model(ids, mask, types)
    # the same positions as at serving time enter the softmax: [CLS] and the context tokens
    start_logits = start_logits.masked_fill(~scoreable, -1e4)
    end_logits = end_logits.masked_fill(~scoreable, -1e4)
    loss = 0
    if kind in ('window', 'both'):
        loss = loss + (nn.functional.cross_entropy(start_logits, starts)
                       + nn.functional.cross_entropy(end_logits, ends)) / 2
    if kind in ('shared', 'both'):
        loss = loss + (shared_loss(start_logits, starts, group) + shared_loss(end_logits, ends, group)) / 2
    return loss, start_logits, end_logits


def export(model, path):
    model.eval()
    ids = torch.tensor([[101, 2054, 102, 2009, 2003, 102]])
    axes = {0: 'batch', 1: 'sequence'}
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), path,
                      input_names=['input_ids', 'attention_mask', 'token_type_ids'],
                      output_names=['start_logits', 'end_logits'],
                      dynamic_axes={'input_ids': axes, 'attention_mask': axes, 'token_type_ids': axes,
                                    'start_logits': axes, 'end_logits': axes},
                      opset_version=11, do_constant_folding=True)


def embed(model, ids):
    """The sentence embedding of one token sequence, as sentence-transformers computes it (mean, L2)."""
    model.eval()
    with torch.no_grad():
        x = torch.tensor([ids])
        h = model.embed_norm(model.word(x) + model.position(torch.arange(len(ids))[None])
                             + model.token_type(torch.zeros_like(x)))
        for layer in model.layers:
            h = layer(h, torch.zeros(1, 1, 1, len(ids)))
        mean = h.mean(1)[0]
        return [float(v) for v in mean / mean.norm()]


MAX_ANSWER_TOKENS = 30


def best_spans(start_logits, end_logits, scoreable):
    """Per window the best answer span as serving decodes it (start <= end, at most MAX_ANSWER_TOKENS, inside the
    context, [CLS] excluded): (score, start, end) tensors."""
    width = start_logits.shape[1]
    pair = start_logits[:, :, None] + end_logits[:, None, :]
    i = torch.arange(width)
    allowed = (i[None, :] >= i[:, None]) & (i[None, :] - i[:, None] < MAX_ANSWER_TOKENS)
    allowed = allowed[None] & scoreable[:, :, None] & scoreable[:, None, :]
    allowed[:, 0, :] = False
    allowed[:, :, 0] = False
    score, flat = pair.masked_fill(~allowed, -float('inf')).flatten(1).max(1)
    return score, flat // width, flat % width


def evaluate(model, windows, batch_size):
    """Two figures: window accuracy, the share of windows whose arg-max start and end are both the target (0/0 for
    no answer; dominated by the negatives); and question accuracy, the share of answerable questions whose best
    span over all their windows (the whole-article reading) is exactly the gold span."""
    model.eval()
    hits = 0
    best = {}  # question -> (score, hit) of its best span so far
    answerable = set()
    with torch.no_grad():
        for chunk in batches(windows, batch_size, random.Random(0)):
            batch = tensors(windows, chunk)
            _, s, e = span_loss(model, batch)
            hits += int(((s.argmax(-1) == batch[4]) & (e.argmax(-1) == batch[5])).sum())
            score, start, end = best_spans(s, e, batch[3])
            for row, i in enumerate(chunk):
                q = windows[i].get('q', ('line', i))
                hit = bool(batch[4][row] != 0 and start[row] == batch[4][row] and end[row] == batch[5][row])
                if batch[4][row] != 0:
                    answerable.add(q)
                if q not in best or float(score[row]) > best[q][0]:
                    best[q] = (float(score[row]), hit)
    model.train()
    return {'window_accuracy': hits / max(1, len(windows)),
            'question_accuracy': sum(best[q][1] for q in answerable) / max(1, len(answerable))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--init', required=True, help='start weights: a BertModel ONNX export (all-MiniLM-L6-v2 etc.), or '
                                                  'a reader this script exported, fp32 or int8 (warm start)')
    p.add_argument('--train', help='training windows (JSON lines); required unless --embed-ids or --export-only')
    p.add_argument('--validation', help='validation windows (JSON lines): window accuracy after each epoch')
    p.add_argument('--out', required=True, help='directory for checkpoint.pt, reader.onnx, log.jsonl')
    p.add_argument('--epochs', type=float, default=2)
    p.add_argument('--max-steps', type=int, default=0, help='stop after this many steps (smoke runs)')
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--lr', type=float, default=1e-4)
    p.add_argument('--warmup', type=float, default=0.1)
    p.add_argument('--weight-decay', type=float, default=0.01)
    p.add_argument('--seed', type=int, default=20261202)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--checkpoint-every', type=int, default=50)
    p.add_argument('--loss', choices=['window', 'shared', 'both'], default='both')
    p.add_argument('--provenance', default='{}', help='JSON written into the log (train-qa: commit, data sha256)')
    p.add_argument('--random-init', action='store_true', help='ignore --init weights (baseline)')
    p.add_argument('--export-only', action='store_true', help='export the checkpoint in --out as it is, no training')
    p.add_argument('--embed-ids', help='print the mean-pooled, unit-length encoder output of these comma-separated '
                                       'token ids for the --init weights as JSON, and exit (checks the weight mapping)')
    p.add_argument('--train-word-embeddings', action='store_true',
                   help='also train the 30522x384 word embeddings (frozen by default: a third of the optimizer work, '
                        'and words absent from the training questions keep their pre-trained vectors)')
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    log = open(os.path.join(a.out, 'log.jsonl'), 'a')

    def say(**fields):
        fields['time'] = round(time.time(), 1)
        log.write(json.dumps(fields) + '\n')
        log.flush()
        print(json.dumps(fields), file=sys.stderr, flush=True)

    model = Bert(layers=layer_count(a.init))
    if a.embed_ids:
        load_minilm(model, a.init)
        print(json.dumps(embed(model, [int(t) for t in a.embed_ids.split(',')])))
        return
    if a.export_only:
        model.load_state_dict(torch.load(os.path.join(a.out, 'checkpoint.pt'))['model'])
        export(model, os.path.join(a.out, 'reader.onnx'))
        say(event='exported', path=os.path.join(a.out, 'reader.onnx'))
        return
    if not a.train:
        p.error('--train is required')
    train_sha256 = sha256(a.train)
    say(event='run', argv=sys.argv[1:], args=vars(a), provenance=json.loads(a.provenance),
        train_sha256=train_sha256, validation_sha256=sha256(a.validation) if a.validation else None,
        init_sha256=sha256(a.init),
        torch=torch.__version__)
    if not a.random_init:
        warm = is_reader(a.init)
        loaded = load_reader(model, a.init) if warm else load_minilm(model, a.init)
        say(event='init', tensors=loaded, layers=len(model.layers), warm_start_reader=warm)
    model.word.weight.requires_grad_(a.train_word_embeddings)
    train = read_windows(a.train)
    validation = read_windows(a.validation) if a.validation else []
    steps_per_epoch = math.ceil(len(train) / a.batch_size)
    total = math.ceil(steps_per_epoch * a.epochs)
    if a.max_steps:
        total = min(total, a.max_steps)
    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in trained if not (n.endswith('bias') or 'norm' in n)]
    no_decay = [p for n, p in trained if n.endswith('bias') or 'norm' in n]
    optimizer = torch.optim.AdamW([{'params': decay, 'weight_decay': a.weight_decay},
                                   {'params': no_decay, 'weight_decay': 0.0}], lr=a.lr)
    warmup = max(1, int(total * a.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))

    checkpoint = os.path.join(a.out, 'checkpoint.pt')
    step = 0
    if os.path.exists(checkpoint):
        saved = torch.load(checkpoint)
        if saved.get('train_sha256', train_sha256) != train_sha256:
            raise SystemExit('checkpoint %s was trained on other windows: remove it or use another --out' % checkpoint)
        model.load_state_dict(saved['model'])
        optimizer.load_state_dict(saved['optimizer'])
        schedule.load_state_dict(saved['schedule'])
        step = saved['step']
        say(event='resume', step=step)

    def save():
        torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(),
                    'schedule': schedule.state_dict(), 'step': step, 'train_sha256': train_sha256},
                   checkpoint + '.tmp')
        os.replace(checkpoint + '.tmp', checkpoint)

    say(event='start', windows=len(train), steps=total, steps_per_epoch=steps_per_epoch, step=step)
    model.train()
    started, tokens = time.time(), 0
    while step < total:
        epoch = step // steps_per_epoch
        # the batch order of an epoch depends only on the seed and the epoch: a resumed run sees the same order
        chunks = batches(train, a.batch_size, random.Random(a.seed + epoch))
        for chunk in chunks[step % steps_per_epoch:]:
            if step >= total:
                break
            torch.manual_seed(a.seed * 1000003 + step)  # dropout masks reproducible across resumes
            batch = tensors(train, chunk)
            loss, _, _ = span_loss(model, batch, a.loss)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            tokens += int(batch[2].sum())
            if step % 10 == 0 or step == total:
                rate = tokens / max(1e-9, time.time() - started)
                say(event='step', step=step, of=total, loss=round(float(loss), 4),
                    lr=schedule.get_last_lr()[0], tokens_per_s=round(rate, 1),
                    eta_s=round((total - step) * a.batch_size * (tokens / max(1, step * a.batch_size)) / max(rate, 1e-9)))
            if step % a.checkpoint_every == 0:
                save()
            if step % steps_per_epoch == 0 and validation:
                say(event='epoch', epoch=step // steps_per_epoch, **evaluate(model, validation, 64))
    save()
    if validation:
        say(event='end', **evaluate(model, validation, 64))
    export(model, os.path.join(a.out, 'reader.onnx'))
    say(event='exported', path=os.path.join(a.out, 'reader.onnx'))


if __name__ == '__main__':
    main()
