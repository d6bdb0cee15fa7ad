"""cuBLAS baseline for gpu-check.sh: PyTorch matmul GFLOPS with TF32 off, the same sizes as GpuBench.

Prints one line per figure, the median of several rounds timed with CUDA events.
"""
import statistics
import sys

import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


def median_ms(fn, rounds, reps):
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(rounds):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(reps):
            fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / reps)
    return statistics.median(times)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print("torch", torch.__version__, "cuda", torch.version.cuda, "device", torch.cuda.get_device_name(0),
          "allow_tf32", torch.backends.cuda.matmul.allow_tf32)
    for dtype in (torch.float32, torch.float64):
        for n in (1024, 2048, 4096, 8192):
            a = torch.rand(n, n, device="cuda", dtype=dtype) * 2 - 1
            b = torch.rand(n, n, device="cuda", dtype=dtype) * 2 - 1
            c = torch.empty(n, n, device="cuda", dtype=dtype)
            reps = max(1, 4 * 8192 ** 3 // n ** 3)
            ms = median_ms(lambda: torch.matmul(a, b, out=c), rounds, reps)
            print(f"torch gemm {dtype} n={n}: {2 * n ** 3 / (ms / 1e3) / 1e9:.1f} GFLOPS "
                  f"(median of {rounds} rounds of {reps}, {ms:.3f} ms)")
        for batch, inputs, units in ((4096, 4096, 4096), (1024, 784, 256), (64, 784, 128), (4096, 1024, 10)):
            x = torch.rand(batch, inputs, device="cuda", dtype=dtype) * 2 - 1
            w = torch.rand(inputs, units, device="cuda", dtype=dtype) * 2 - 1
            bias = torch.rand(1, units, device="cuda", dtype=dtype) * 2 - 1
            ms = median_ms(lambda: torch.relu(torch.addmm(bias, x, w)), rounds, 20)
            print(f"torch dense {dtype} batch={batch} {inputs}->{units} relu: {ms:.3f} ms/forward, "
                  f"{2 * batch * inputs * units / (ms / 1e3) / 1e9:.1f} GFLOPS")


if __name__ == "__main__":
    main()
