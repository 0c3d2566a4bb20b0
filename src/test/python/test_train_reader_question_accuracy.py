"""Unit tests of train_reader.py's whole-question figures (best_spans, evaluate's question_accuracy):
python3 -m unittest discover -s src/test/python (needs torch; skipped, saying so, without it)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'main', 'python'))
try:
    import torch
    import train_reader
except ImportError as missing:  # the README's test command must work without the training toolchain
    torch = None
    WHY = 'torch is not installed for this python (apt-get install python3-torch): %s' % missing


class FixedLogits(torch.nn.Module if torch else object):
    """A 'model' whose start/end logits are given per window (looked up by the window's first context token)."""

    def __init__(self, logits):
        super().__init__()
        self.logits = logits

    def forward(self, ids, mask, types):
        start = torch.full(ids.shape, -5.0)
        end = torch.full(ids.shape, -5.0)
        for row in range(ids.shape[0]):
            for (position, value) in self.logits[int(ids[row, 3])]['start']:
                start[row, position] = value
            for (position, value) in self.logits[int(ids[row, 3])]['end']:
                end[row, position] = value
        return start, end


def window(q, marker, start, end, length=10):
    # [CLS] q [SEP] context... [SEP]: the context is positions 3 .. length-2, its first token names the window
    ids = [101, 2054, 102, marker] + [2000 + i for i in range(length - 5)] + [102]
    return {'q': q, 'ids': ids, 'types': [0] * 3 + [1] * (length - 3), 'ctx': [3, length - 1],
            'start': start, 'end': end}


@unittest.skipIf(torch is None, WHY if torch is None else '')
class QuestionAccuracyTest(unittest.TestCase):

    def test_best_span_respects_order_length_context_and_skips_cls(self):
        start = torch.tensor([[9.0, 1.0, 0.0, 0.0, 5.0, 0.0]])
        end = torch.tensor([[9.0, 0.0, 3.0, 0.0, 0.0, 8.0]])
        scoreable = torch.tensor([[True, True, True, True, True, False]])
        score, s, e = train_reader.best_spans(start, end, scoreable)
        # [CLS] (9 + 9) is excluded, position 5 is outside the context, end before start (4 -> 2) is not a span:
        # the best is start 4, end 4 (5 + 0) against start 1, end 2 (1 + 3)
        self.assertEqual((4, 4), (int(s[0]), int(e[0])))
        self.assertAlmostEqual(5.0, float(score[0]))

    def test_question_counts_only_when_its_best_window_holds_the_gold_span(self):
        windows = [window(0, 7000, 4, 5), window(0, 7001, 0, 0),   # q0: the negative window scores higher
                   window(1, 7002, 6, 6), window(1, 7003, 0, 0),   # q1: the positive window wins, exact span
                   window(2, 7004, 4, 4)]                          # q2: right window, wrong end
        logits = {7000: {'start': [(4, 2.0)], 'end': [(5, 2.0)]},
                  7001: {'start': [(3, 4.0)], 'end': [(3, 4.0)]},
                  7002: {'start': [(6, 3.0)], 'end': [(6, 3.0)]},
                  7003: {'start': [(5, 1.0)], 'end': [(5, 1.0)]},
                  7004: {'start': [(4, 3.0)], 'end': [(5, 3.0)]}}
        figures = train_reader.evaluate(FixedLogits(logits), windows, 64)
        self.assertAlmostEqual(1 / 3, figures['question_accuracy'])
        # window accuracy: arg-max start and end both on target (windows 0 and 2; the negatives' [CLS] logit, -5, loses)
        self.assertAlmostEqual(2 / 5, figures['window_accuracy'])


if __name__ == '__main__':
    unittest.main()
