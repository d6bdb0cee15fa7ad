#!/usr/bin/python3
"""Exports the digits model (digits-mlp.npz, trained by train.py) as ONNX through PyTorch, the way a PyTorch
user would: an nn.Sequential MLP given the same weights, saved with torch.onnx.export and a dynamic batch.

    apt-get install -y python3-torch python3-onnx      # Debian 12: torch 1.13.1, onnx 1.12.0
    /usr/bin/python3 examples/digits/export_onnx.py    # rewrites examples/digits/digits-mlp.onnx
    ./vecnn predict --model examples/digits/digits-mlp.onnx --input examples/digits/digits-test-x.csv --argmax
"""
import os

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

weights = np.load(os.path.join(HERE, "digits-mlp.npz"))
assert list(weights["activations"]) == ["relu", "softmax"], weights["activations"]
net = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10),
                          torch.nn.Softmax(dim=1))
with torch.no_grad():
    for linear, i in ((net[0], 0), (net[2], 1)):
        # PyTorch's Linear holds W as (units, inputs): the export's Gemm reads it with transB=1.
        linear.weight.copy_(torch.from_numpy(weights["W%d" % i].T.astype(np.float32)))
        linear.bias.copy_(torch.from_numpy(weights["b%d" % i].astype(np.float32)))
net.eval()
out = os.path.join(HERE, "digits-mlp.onnx")
torch.onnx.export(net, torch.zeros(1, 64), out, input_names=["pixels"], output_names=["probabilities"],
                  dynamic_axes={"pixels": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)
onnx.checker.check_model(onnx.load(out))
print("wrote " + out + " (torch " + torch.__version__ + ", onnx " + onnx.__version__ + ")")
