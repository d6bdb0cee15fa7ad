#!/usr/bin/python3
"""Writes the ONNX fixtures of vecnn-onnx's tests (src/test/resources/org/vecnn/onnx/fixtures).

Needs Debian's python3-torch and python3-onnx (apt-get install -y python3-torch python3-onnx); tested with
torch 1.13.1 and onnx 1.12.0 (Debian 12). No test runs Python: the outputs are committed, and the Java tests
compute their reference outputs with ONNX Runtime on the same files.

    /usr/bin/python3 onnx/src/test/python/make_fixtures.py

good-*.onnx   graphs vecnn reads: PyTorch torch.onnx.export MLPs and onnx.helper graphs of each form
bad-*.onnx    graphs and files vecnn refuses, each with its own message (asserted in OnnxFixturesTest)

It also checks, once, that a model vecnn exported passes onnx.checker: pass --check FILE.onnx.
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "vecnn", "onnx",
                   "fixtures")
RNG = np.random.default_rng(13)


def path(name):
    return os.path.join(OUT, name)


def weights(*shape, dtype=np.float32):
    return (RNG.standard_normal(shape) * 0.5).astype(dtype)


def torch_export(name, model, features, opset, dtype=torch.float32):
    torch.manual_seed(13)
    model = model.to(dtype).eval()
    x = torch.randn(3, *features, dtype=dtype)
    torch.onnx.export(model, x, path(name), input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset)
    onnx.checker.check_model(onnx.load(path(name)))


def save(name, graph, opset, check=True, ir_version=None):
    model = helper.make_model(graph, producer_name="vecnn-fixtures",
                              opset_imports=[helper.make_opsetid("", opset)])
    if ir_version is not None:
        model.ir_version = ir_version
    if check:
        onnx.checker.check_model(model)
    onnx.save(model, path(name))


def vi(name, dims, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, dims)


def init(name, array, raw=True):
    if raw:
        return numpy_helper.from_array(array, name)
    elem = TensorProto.FLOAT if array.dtype == np.float32 else TensorProto.DOUBLE
    return helper.make_tensor(name, elem, array.shape, array.flatten().tolist(), raw=False)


def torch_fixtures():
    nn = torch.nn
    torch.manual_seed(1)
    torch_export("good-torch-relu-softmax-opset13.onnx",
                 nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4), nn.Softmax(dim=1)), [6], 13)
    torch.manual_seed(2)
    torch_export("good-torch-sigmoid-tanh-opset11.onnx",
                 nn.Sequential(nn.Linear(5, 7), nn.Sigmoid(), nn.Linear(7, 6), nn.Tanh(), nn.Linear(6, 3)), [5], 11)
    torch.manual_seed(3)
    torch_export("good-torch-softmax-opset9.onnx",
                 nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3), nn.Softmax(dim=1)), [4], 9)
    torch.manual_seed(4)
    bn = nn.BatchNorm1d(8)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(8) * 0.3)
        bn.running_var.copy_(torch.rand(8) + 0.5)
        bn.weight.copy_(torch.rand(8) + 0.5)
        bn.bias.copy_(torch.randn(8) * 0.3)
    torch_export("good-torch-flatten-batchnorm-dropout-opset15.onnx",
                 nn.Sequential(nn.Flatten(), nn.Linear(6, 8), bn, nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 5),
                               nn.Softmax(dim=-1)), [2, 3], 15)
    torch.manual_seed(5)
    torch_export("good-torch-leakyrelu0-opset17.onnx",
                 nn.Sequential(nn.Linear(5, 6), nn.LeakyReLU(0.0), nn.Linear(6, 2), nn.Sigmoid()), [5], 17)
    torch.manual_seed(6)
    torch_export("good-torch-double-opset14.onnx",
                 nn.Sequential(nn.Linear(5, 6), nn.Tanh(), nn.Linear(6, 4), nn.Softmax(dim=1)), [5], 14,
                 dtype=torch.float64)

    class MatMulAdd(nn.Module):
        """x @ W + b with explicit parameters, which PyTorch exports as MatMul and Add."""

        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.randn(6, 5) * 0.5)
            self.b = nn.Parameter(torch.randn(5) * 0.5)

        def forward(self, x):
            return torch.relu(torch.matmul(x, self.w) + self.b)

    torch.manual_seed(7)
    torch_export("good-torch-matmul-add-opset13.onnx", MatMulAdd(), [6], 13)

    class ViewMlp(nn.Module):
        """x.view(-1, 6) before the layers: PyTorch exports a Reshape to a constant shape [-1, 6]."""

        def __init__(self):
            super().__init__()
            self.layers = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 3), nn.Softmax(dim=1))

        def forward(self, x):
            return self.layers(x.view(-1, 6))

    torch.manual_seed(11)
    torch_export("good-torch-view-reshape-opset13.onnx", ViewMlp(), [2, 3], 13)

    class SizeViewMlp(ViewMlp):
        """x.view(x.size(0), -1): PyTorch exports Shape, Gather, Unsqueeze and Concat computing the shape."""

        def forward(self, x):
            return self.layers(x.view(x.size(0), -1))

    torch.manual_seed(12)
    torch_export("good-torch-size-view-opset13.onnx", SizeViewMlp(), [2, 3], 13)
    torch.manual_seed(12)
    torch_export("good-torch-size-view-opset9.onnx", SizeViewMlp(), [2, 3], 9)

    torch.manual_seed(8)
    torch_export("good-torch-leakyrelu-opset13.onnx",
                 nn.Sequential(nn.Linear(5, 6), nn.LeakyReLU(0.1), nn.Linear(6, 2)), [5], 13)
    torch.manual_seed(9)
    torch_export("good-torch-logsoftmax-opset13.onnx", nn.Sequential(nn.Linear(5, 3), nn.LogSoftmax(dim=1)), [5], 13)
    # LeakyReLU with a slope and with PyTorch's default (0.01), and LogSoftmax, before and after opset 13's
    # change of the (Log)Softmax axis rule (opset 9: coerced to 2-D at axis 1; opset 17: along axis 1).
    for opset in (9, 17):
        torch.manual_seed(14)
        torch_export("good-torch-leakyrelu-logsoftmax-opset%d.onnx" % opset,
                     nn.Sequential(nn.Linear(6, 8), nn.LeakyReLU(0.2), nn.Linear(8, 7), nn.LeakyReLU(),
                                   nn.Linear(7, 4), nn.LogSoftmax(dim=1)), [6], opset)
    torch.manual_seed(10)
    torch_export("bad-torch-conv.onnx", nn.Sequential(nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(8, 2)),
                 [1, 6], 13)


def helper_fixtures():
    f = TensorProto.FLOAT
    d = TensorProto.DOUBLE
    # Gemm with transB=1, alpha, beta and a [1, n] bias; old opset 9 (Gemm-9 semantics).
    w = weights(4, 5)  # [units, inputs], read with transB=1
    save("good-gemm-transb-alpha-beta-opset9.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "C"], ["z"], name="gemm", transB=1, alpha=0.5, beta=2.0),
         helper.make_node("Sigmoid", ["z"], ["y"], name="sigmoid")],
        "gemm", [vi("x", ["N", 5])], [vi("y", ["N", 4])], [init("W", w), init("C", weights(1, 4))]), 9)
    # Weights in float_data (not raw_data); Softmax with opset 11's default axis (1).
    save("good-float-data-softmax-opset11.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W0", "b0"], ["h"], name="fc0"),
         helper.make_node("Tanh", ["h"], ["a"], name="tanh"),
         helper.make_node("Gemm", ["a", "W1", "b1"], ["z"], name="fc1"),
         helper.make_node("Softmax", ["z"], ["y"], name="softmax")],
        "float_data", [vi("x", ["batch", 3])], [vi("y", ["batch", 4])],
        [init("W0", weights(3, 5), raw=False), init("b0", weights(5), raw=False),
         init("W1", weights(5, 4), raw=False), init("b1", weights(4), raw=False)]), 11)
    # DOUBLE in double_data; MatMul + Add with the bias first; Softmax axis=-1 under opset 13.
    save("good-double-data-matmul-add-opset13.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["m"], name="matmul"),
         helper.make_node("Add", ["b", "m"], ["z"], name="add"),
         helper.make_node("Softmax", ["z"], ["y"], name="softmax", axis=-1)],
        "double_data", [vi("x", ["N", 4], d)], [vi("y", ["N", 3], d)],
        [init("W", weights(4, 3, dtype=np.float64), raw=False), init("b", weights(3, dtype=np.float64), raw=False)]),
        13)
    # Weights in an external data file, at offsets, next to the model.
    w0, b0, w1 = weights(5, 6), weights(6), weights(6, 2)
    ext = "good-external-data.bin"
    blob = bytearray()
    tensors = []
    for name, array in (("W0", w0), ("b0", b0), ("W1", w1)):
        t = numpy_helper.from_array(array, name)
        offset = len(blob)
        blob += t.raw_data
        blob += b"\0" * 3  # so that offsets are not simply consecutive
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", ext), ("offset", str(offset)), ("length", str(array.nbytes))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        tensors.append(t)
    with open(path(ext), "wb") as out:
        out.write(blob)
    save("good-external-data-opset13.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W0", "b0"], ["h"], name="fc0"),
         helper.make_node("Relu", ["h"], ["a"], name="relu"),
         helper.make_node("MatMul", ["a", "W1"], ["y"], name="fc1")],
        "external", [vi("x", ["N", 5])], [vi("y", ["N", 2])], tensors), 13, check=False)
    # Reshape of [N, 2, 3] to [-1, 6] with a Constant node shape; Identity; Dropout-12 with constant inputs.
    save("good-reshape-identity-dropout-opset12.onnx", helper.make_graph(
        [helper.make_node("Constant", [], ["shape"], name="shape",
                          value=helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 6])),
         helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
         helper.make_node("Identity", ["r"], ["i"], name="identity"),
         helper.make_node("Gemm", ["i", "W", "b"], ["z"], name="fc"),
         helper.make_node("Dropout", ["z", "ratio", "training"], ["y"], name="dropout")],
        "reshape", [vi("x", ["N", 2, 3])], [vi("y", ["N", 4])],
        [init("W", weights(6, 4)), init("b", weights(4)), numpy_helper.from_array(np.array(0.25, np.float32), "ratio"),
         numpy_helper.from_array(np.array(False), "training")]), 12)
    # Reshape to [0, -1]; Flatten axis=1 of a 4-D input; Dropout-9 with a ratio attribute.
    save("good-flatten-reshape-dropout-opset9.onnx", helper.make_graph(
        [helper.make_node("Flatten", ["x"], ["f"], name="flatten", axis=1),
         helper.make_node("Reshape", ["f", "shape"], ["r"], name="reshape"),
         helper.make_node("Gemm", ["r", "W", "b"], ["z"], name="fc"),
         helper.make_node("Dropout", ["z"], ["y"], name="dropout", ratio=0.5)],
        "flatten", [vi("x", ["N", 2, 2, 2])], [vi("y", ["N", 3])],
        [numpy_helper.from_array(np.array([0, -1], np.int64), "shape"), init("W", weights(8, 3)),
         init("b", weights(3))]), 9)
    # BatchNormalization after MatMul + Add, then LeakyRelu(alpha=0), then a second layer.
    units = 5
    save("good-batchnorm-leakyrelu0-opset14.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W0"], ["m"], name="matmul"),
         helper.make_node("Add", ["m", "b0"], ["z"], name="add"),
         helper.make_node("BatchNormalization", ["z", "scale", "B", "mean", "var"], ["n"], name="bn",
                          epsilon=1e-3),
         helper.make_node("LeakyRelu", ["n"], ["a"], name="leaky", alpha=0.0),
         helper.make_node("Gemm", ["a", "W1", "b1"], ["y"], name="fc1", transB=1)],
        "bn", [vi("x", ["N", 4])], [vi("y", ["N", 2])],
        [init("W0", weights(4, units)), init("b0", weights(units)),
         init("scale", (RNG.random(units) + 0.5).astype(np.float32)), init("B", weights(units)),
         init("mean", weights(units)), init("var", (RNG.random(units) + 0.5).astype(np.float32)),
         init("W1", weights(2, units)), init("b1", weights(2))]), 14)
    # The newest opset of ONNX Runtime 1.23 (onnx 1.12's checker knows up to 17, so it is not run here).
    save("good-opset23.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["z"], name="fc"),
         helper.make_node("Softmax", ["z"], ["y"], name="softmax")],
        "opset23", [vi("x", ["N", 3])], [vi("y", ["N", 3])], [init("W", weights(3, 3)), init("b", weights(3))]),
        23, check=False, ir_version=8)

    # Bad graphs.
    save("bad-shared-weights.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["h"], name="first"),
         helper.make_node("Relu", ["h"], ["a"], name="relu"),
         helper.make_node("MatMul", ["a", "W"], ["y"], name="second")],
        "shared", [vi("x", ["N", 3])], [vi("y", ["N", 3])], [init("W", weights(3, 3))]), 13)
    save("bad-branch.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W0", "b0"], ["p"], name="left"),
         helper.make_node("Gemm", ["x", "W1", "b1"], ["q"], name="right"),
         helper.make_node("Add", ["p", "q"], ["y"], name="sum")],
        "branch", [vi("x", ["N", 3])], [vi("y", ["N", 2])],
        [init("W0", weights(3, 2)), init("b0", weights(2)), init("W1", weights(3, 2)), init("b1", weights(2))]), 13)
    save("bad-gemm-transa.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W"], ["y"], name="gemm", transA=1)],
        "transa", [vi("x", [3, 3])], [vi("y", [3, 2])], [init("W", weights(3, 2))]), 13)
    save("bad-softmax-axis0.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W"], ["z"], name="gemm"),
         helper.make_node("Softmax", ["z"], ["y"], name="softmax", axis=0)],
        "axis0", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [init("W", weights(3, 2))]), 13)
    save("bad-unknown-attribute.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W"], ["z"], name="gemm"),
         helper.make_node("Relu", ["z"], ["y"], name="relu", slope=0.5)],
        "attribute", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [init("W", weights(3, 2))]), 13, check=False)
    save("bad-opset8.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="gemm")],
        "opset8", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [init("W", weights(3, 2)), init("b", weights(2))]), 8)
    # 2^20 × 2^20 floats declared, 8 bytes present.
    huge = TensorProto(name="W", data_type=f, dims=[1 << 20, 1 << 20], raw_data=b"\0" * 8)
    save("bad-huge-dims.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="matmul")],
        "huge", [vi("x", ["N", 1 << 20])], [vi("y", ["N", 1 << 20])], [huge]), 13, check=False)
    # 30000 × 30000 floats (a size Java can hold) declared, 8 bytes present.
    short = TensorProto(name="W", data_type=f, dims=[30000, 30000], raw_data=b"\0" * 8)
    save("bad-huge-raw-data.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="matmul")],
        "short", [vi("x", ["N", 30000])], [vi("y", ["N", 30000])], [short]), 13, check=False)
    missing = numpy_helper.from_array(weights(3, 2), "W")
    missing.ClearField("raw_data")
    missing.data_location = TensorProto.EXTERNAL
    entry = missing.external_data.add()
    entry.key, entry.value = "location", "no-such-file.bin"
    save("bad-external-missing.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="matmul")],
        "missing", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [missing]), 13, check=False)
    escape = numpy_helper.from_array(weights(3, 2), "W")
    escape.ClearField("raw_data")
    escape.data_location = TensorProto.EXTERNAL
    entry = escape.external_data.add()
    entry.key, entry.value = "location", "../../../../../../etc/passwd"
    save("bad-external-escape.onnx", helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="matmul")],
        "escape", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [escape]), 13, check=False)

    # Files that are not ONNX models at all.
    good = open(path("good-torch-relu-softmax-opset13.onnx"), "rb").read()
    with open(path("bad-truncated.onnx"), "wb") as out:
        out.write(good[: len(good) // 2])
    with open(path("bad-garbage.onnx"), "wb") as out:
        out.write(bytes(RNG.integers(0, 256, 300, dtype=np.uint8)))
    # ModelProto field 7 (graph, length-delimited) declaring 2^31 - 2 bytes, followed by 4 bytes.
    with open(path("bad-huge-length.onnx"), "wb") as out:
        out.write(bytes([0x08, 0x08, 0x3A, 0xFE, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3, 4]))


def activation_fixtures():
    """LeakyRelu's alpha and LogSoftmax's axis, valid and refused (after the others: RNG draws stay in order)."""
    d = TensorProto.DOUBLE
    # LeakyRelu without alpha (ONNX's default 0.01) and with alpha=0.3, which is not a float: the file holds the
    # float nearest 0.3.
    save("good-leakyrelu-alpha-opset9.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0"),
         helper.make_node("LeakyRelu", ["h0"], ["a0"], name="leaky_default"),
         helper.make_node("Gemm", ["a0", "W1", "b1"], ["h1"], name="fc1"),
         helper.make_node("LeakyRelu", ["h1"], ["y"], name="leaky_0.3", alpha=0.3)],
        "leaky", [vi("x", ["N", 4])], [vi("y", ["N", 3])],
        [init("W0", weights(4, 6)), init("b0", weights(6)), init("W1", weights(6, 3)), init("b1", weights(3))]), 9)
    # A DOUBLE graph (the float alpha widened exactly) with a negative slope and one above 1, under LeakyRelu-16.
    save("good-double-leakyrelu-alpha-opset16.onnx", helper.make_graph(
        [helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0"),
         helper.make_node("LeakyRelu", ["h0"], ["a0"], name="leaky_negative", alpha=-0.25),
         helper.make_node("Gemm", ["a0", "W1", "b1"], ["h1"], name="fc1"),
         helper.make_node("LeakyRelu", ["h1"], ["y"], name="leaky_steep", alpha=2.5)],
        "leaky_double", [vi("x", ["N", 5], d)], [vi("y", ["N", 4], d)],
        [init("W0", weights(5, 6, dtype=np.float64)), init("b0", weights(6, dtype=np.float64)),
         init("W1", weights(6, 4, dtype=np.float64)), init("b1", weights(4, dtype=np.float64))]), 16)
    # LogSoftmax on a hidden layer and on the output: axis=-1 and the default (1) before opset 13, axis=1 and
    # the default (-1) from 13 on; all of them the rows of [batch, units].
    for opset, axis in ((11, -1), (13, 1)):
        save("good-logsoftmax-axes-opset%d.onnx" % opset, helper.make_graph(
            [helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0"),
             helper.make_node("LogSoftmax", ["h0"], ["a0"], name="log_softmax_axis%d" % axis, axis=axis),
             helper.make_node("Gemm", ["a0", "W1", "b1"], ["h1"], name="fc1"),
             helper.make_node("LogSoftmax", ["h1"], ["y"], name="log_softmax_default")],
            "log_softmax", [vi("x", ["N", 5])], [vi("y", ["N", 4])],
            [init("W0", weights(5, 6)), init("b0", weights(6)), init("W1", weights(6, 4)), init("b1", weights(4))]),
            opset)
    # Refused: LogSoftmax across the batch (axis=0 from opset 13), over the whole batch as one row (axis=0
    # before 13), and along an axis [batch, units] does not have.
    for name, opset, axis, check in (("bad-logsoftmax-axis0-opset13.onnx", 13, 0, True),
                                     ("bad-logsoftmax-axis0-opset11.onnx", 11, 0, True),
                                     ("bad-logsoftmax-axis2-opset13.onnx", 13, 2, False)):
        save(name, helper.make_graph(
            [helper.make_node("Gemm", ["x", "W"], ["z"], name="gemm"),
             helper.make_node("LogSoftmax", ["z"], ["y"], name="log_softmax", axis=axis)],
            "log_softmax_axis", [vi("x", ["N", 3])], [vi("y", ["N", 2])], [init("W", weights(3, 2))]), opset,
            check=check)


def check(file):
    onnx.checker.check_model(onnx.load(file), full_check=True)  # full_check: shape inference as well
    print(file + ": onnx.checker passed (full_check, onnx " + onnx.__version__ + ")")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
        sys.exit(0)
    os.makedirs(OUT, exist_ok=True)
    torch_fixtures()
    helper_fixtures()
    activation_fixtures()
    print("torch " + torch.__version__ + ", onnx " + onnx.__version__ + ": fixtures written to "
          + os.path.normpath(OUT))
