"""Unit tests of train_reader.py's warm start (--init with a reader it exported, fp32 or int8):
python3 -m unittest discover -s src/test/python (needs torch as well as onnx; skipped, saying so, without it)."""
import os
import sys
import tempfile
import unittest

import onnx

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'main', 'python'))
try:
    import torch
    import train_reader
except ImportError as missing:  # the README's test command must work without the training toolchain
    torch = None
    WHY = 'torch is not installed for this python (apt-get install python3-torch): %s' % missing
import quantize_int8  # noqa: E402


@unittest.skipIf(torch is None, WHY if torch is None else '')
class WarmStartTest(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(7)
        self.dir = tempfile.TemporaryDirectory()
        self.trained = train_reader.Bert(layers=2)
        with torch.no_grad():
            # every tensor moved off its initialisation, as training does: a tensor left at it would show, and the
            # export shares equal initializers (a fresh model's LayerNorms) under one name
            for value in self.trained.parameters():
                value.add_(torch.randn_like(value) * 0.02)
            self.trained.qa_outputs.weight.normal_(0, 0.5)
        self.fp32 = os.path.join(self.dir.name, 'reader.onnx')
        train_reader.export(self.trained, self.fp32)

    def tearDown(self):
        self.dir.cleanup()

    def loaded(self, path):
        model = train_reader.Bert(layers=train_reader.layer_count(path))
        self.assertEqual(len(model.state_dict()), train_reader.load_reader(model, path))
        return model

    def test_an_exported_reader_is_recognised_and_its_layers_counted(self):
        self.assertTrue(train_reader.is_reader(self.fp32))
        self.assertEqual(2, train_reader.layer_count(self.fp32))

    def test_fp32_reader_loads_every_tensor_exactly(self):
        model = self.loaded(self.fp32)
        for name, value in self.trained.state_dict().items():
            self.assertTrue(torch.equal(value, model.state_dict()[name]), name)

    def test_int8_reader_loads_within_its_quantization_steps(self):
        int8 = os.path.join(self.dir.name, 'reader-int8.onnx')
        quantized = onnx.load(self.fp32)
        self.assertGreater(quantize_int8.quantize(quantized), 0)
        onnx.save(quantized, int8)
        model = self.loaded(int8)
        for name, value in self.trained.state_dict().items():
            got = model.state_dict()[name]
            step = (value.max() - value.min()) / 255  # per-tensor int8 step: per-column steps are smaller
            self.assertLessEqual(float((got - value).abs().max()), float(step) + 1e-6, name)
        ids = torch.tensor([[101, 2054, 2003, 102, 2009, 2003, 1037, 3231, 102]])
        self.trained.eval()
        model.eval()
        with torch.no_grad():
            want = self.trained(ids, torch.ones_like(ids), torch.zeros_like(ids))[0]
            got = model(ids, torch.ones_like(ids), torch.zeros_like(ids))[0]
        self.assertLess(float((want - got).abs().max()), 0.05 * float(want.abs().max()))


if __name__ == '__main__':
    unittest.main()
