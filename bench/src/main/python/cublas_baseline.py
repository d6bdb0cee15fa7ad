#!/usr/bin/env python3
"""The raw:cublas baseline of the vecnn bench, for a GPU machine.

The JVM bench cannot call cuBLAS there (JCublas2 12.6 needs libcublas.so.12; the lent GPU machines have
CUDA 13), so this script measures cuBLAS through PyTorch (TF32 off, so FLOAT32 is true FP32) on the bench's
workloads and prints rows in the format of results.csv, subject raw:cublas, with the same workload ids.
Put them beside the rows of `vecnn bench --backends cuda --out DIR` (DIR/results.csv) and compare by id.

    python3 bench/src/main/python/cublas_baseline.py [--quick] > cublas.csv

Times are CUDA-event times of the device work per call, operands already on the GPU, median of rounds.
"""
import argparse
import statistics
import sys

import torch

HEADER = ("workload,kind,size,precision,subject,library,status,median_ns,min_ns,max_ns,q1_ns,q3_ns,rounds,"
          "calls_per_round,gflops,samples_per_s,fraction_of_peak,reference,ratio_to_reference,"
          "speedup_over_naive,ratio_to_torch,note")
LAYERS = {"seed": [(2, 3, "sigmoid")], "dense": [(784, 256, "sigmoid")],
          "network": [(784, 256, "relu"), (256, 128, "relu"), (128, 10, "softmax")]}


def workloads(quick):
    sizes = [64, 256, 1024, 4096] if quick else [64, 128, 256, 512, 1024, 2048, 4096, 8192]
    for p in ("f32", "f64"):
        for n in sizes:
            yield "gemm", n, p
        yield "seed", 1, p
        for b in (1, 64, 1024):
            yield "dense", b, p
        yield "network", 256, p


def prepare(kind, size, p):
    dtype = torch.float32 if p == "f32" else torch.float64
    g = torch.Generator(device="cuda").manual_seed(0x5EED)
    if kind == "gemm":
        a = torch.rand(size, size, device="cuda", dtype=dtype, generator=g) * 2 - 1
        b = torch.rand(size, size, device="cuda", dtype=dtype, generator=g) * 2 - 1
        c = torch.empty(size, size, device="cuda", dtype=dtype)
        return (lambda: torch.mm(a, b, out=c)), 2.0 * size ** 3
    layers = []
    for inputs, units, act in LAYERS[kind]:
        w = (torch.rand(inputs, units, device="cuda", dtype=dtype, generator=g) * 2 - 1) / inputs ** 0.5
        bias = (torch.rand(units, device="cuda", dtype=dtype, generator=g) * 2 - 1) * 0.1
        z = torch.empty(size, units, device="cuda", dtype=dtype)
        layers.append((w, bias, z, act))
    if kind == "seed":
        x = torch.tensor([[200.0, 17.0]], device="cuda", dtype=dtype)
        w = torch.tensor([[1.0, -3.0, 5.0], [-2.0, 4.0, -6.0]], device="cuda", dtype=dtype)
        bias = torch.tensor([-1.0, 1.0, 2.0], device="cuda", dtype=dtype)
        layers = [(w, bias, torch.empty(1, 3, device="cuda", dtype=dtype), "sigmoid")]
    else:
        x = torch.rand(size, LAYERS[kind][0][0], device="cuda", dtype=dtype, generator=g) * 2 - 1

    def call():
        h = x
        for w, bias, z, act in layers:
            torch.addmm(bias, h, w, out=z)
            if act == "sigmoid":
                torch.sigmoid(z, out=z)
            elif act == "relu":
                torch.relu_(z)
            else:
                z.copy_(torch.softmax(z, dim=1))
            h = z
        return h

    flops = sum(2.0 * size * i * u for i, u, _ in LAYERS[kind])
    return call, flops


def measure(call, rounds, round_ms):
    for _ in range(3):
        call()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    call()
    end.record()
    torch.cuda.synchronize()
    per = max(start.elapsed_time(end), 1e-3)
    calls = max(1, int(round_ms / per))
    times = []
    for _ in range(rounds):
        start.record()
        for _ in range(calls):
            call()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) * 1e6 / calls)
    return times, calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and rounds")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(HEADER)
    rounds, round_ms = (5, 50) if args.quick else (9, 200)
    device = torch.cuda.get_device_name(0)
    for kind, size, p in workloads(args.quick):
        call, flops = prepare(kind, size, p)
        times, calls = measure(call, rounds, round_ms)
        q = statistics.quantiles(times, n=4)
        median = statistics.median(times)
        wid = f"seed-{p}" if kind == "seed" else f"{kind}-{size}-{p}"
        precision = "FLOAT32" if p == "f32" else "FLOAT64"
        samples = "" if kind == "gemm" else f"{size * 1e9 / median}"
        note = f"PyTorch {torch.__version__} cuBLAS on {device}, TF32 off"
        print(f"{wid},{kind},{size},{precision},raw:cublas,true,ok,{median},{min(times)},{max(times)},{q[0]},"
              f"{q[2]},{rounds},{calls},{flops / median},{samples},,,,,,\"{note}\"")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
