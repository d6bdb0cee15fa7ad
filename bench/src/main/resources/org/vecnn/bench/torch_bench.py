#!/usr/bin/env python3
"""The raw:torch subject of the vecnn bench: PyTorch on the CPU, on the bench's own workloads.

The JVM bench (org.vecnn.bench.TorchRaw) starts this script and sends it one request per workload, a JSON
object on one line of stdin; it answers each with one row in the format of results.csv (subject raw:torch) on
stdout. A request carries everything that defines the workload: its id, kind, batch, precision, layers, the
thread count, the timing plan, and the operands as raw files the JVM wrote from the same seeded generator, so
that both sides compute on the same numbers. Nothing about the workloads is defined here.

    /usr/bin/python3 torch_bench.py --probe            one line: "ok <what runs>", or "unavailable <why>"
    /usr/bin/python3 torch_bench.py [--header] < requests.jsonl > rows.csv

Timing follows the JVM harness's plan (org.vecnn.bench.Suite.Plan): warm up for warmup_ms (at least one call
after the first), then `rounds` rounds of as many calls as fill round_ms, fewer rounds (at least 3) when one
call is longer than a round; the row gives the median, the extremes and the quartiles of the per-call times.
Debian: apt-get install python3-torch
"""
import json
import math
import os
import statistics
import sys
import time

HEADER = ("workload,kind,size,precision,subject,library,status,median_ns,min_ns,max_ns,q1_ns,q3_ns,rounds,"
          "calls_per_round,gflops,samples_per_s,fraction_of_peak,reference,ratio_to_reference,"
          "speedup_over_naive,ratio_to_torch,note")
SUBJECT = "raw:torch"


def probe():
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any failure to import means the subject cannot run
        return "unavailable PyTorch does not import in %s %s: %s: %s" % (
            sys.executable, sys.version.split()[0], type(e).__name__, e)
    return "ok PyTorch %s (Python %s at %s; ATen parallel backend %s, OMP_WAIT_POLICY %s; oneDNN %s)" % (
        torch.__version__, sys.version.split()[0], sys.executable, parallel_backend(torch),
        os.environ.get("OMP_WAIT_POLICY", "unset"), "on" if torch.backends.mkldnn.is_available() else "off")


def parallel_backend(torch):
    for line in torch.__config__.parallel_info().splitlines():
        if line.startswith("ATen parallel backend:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def load(torch, path, count, dtype):
    return torch.from_file(path, shared=False, size=count, dtype=dtype)


def prepare(torch, req):
    """Returns (call, flops) for a request: call() performs one call of the workload."""
    dtype = torch.float32 if req["precision"] == "FLOAT32" else torch.float64
    kind, size, data = req["kind"], req["size"], req["data"]
    if kind == "gemm":
        a = load(torch, data["left"], size * size, dtype).view(size, size)
        b = load(torch, data["right"], size * size, dtype).view(size, size)
        c = torch.empty(size, size, dtype=dtype)

        def gemm():
            torch.mm(a, b, out=c)
            return c
        return gemm, 2.0 * size ** 3
    layers = req["layers"]
    x = load(torch, data["input"], size * layers[0][0], dtype).view(size, layers[0][0])
    weights = [load(torch, p, i * u, dtype).view(i, u) for p, (i, u, _) in zip(data["weights"], layers)]
    biases = [load(torch, p, u, dtype) for p, (_, u, _) in zip(data["biases"], layers)]
    forward_flops = sum(2.0 * size * i * u for i, u, _ in layers)
    if kind == "train":
        return train_step(torch, req, x, weights, biases, layers, dtype, size, data), \
            3 * forward_flops - 2.0 * size * layers[0][0] * layers[0][1]
    outs = [torch.empty(size, u, dtype=dtype) for _, u, _ in layers]

    def forward():
        with torch.inference_mode():
            h = x
            for w, bias, z, (_, _, act) in zip(weights, biases, outs, layers):
                torch.addmm(bias, h, w, out=z)
                if act == "sigmoid":
                    torch.sigmoid(z, out=z)
                elif act == "relu":
                    torch.relu_(z)
                elif act == "tanh":
                    torch.tanh(z, out=z)
                elif act == "softmax":
                    z = torch.softmax(z, dim=1)
                elif act != "linear":
                    raise ValueError("unknown activation " + act)
                h = z
            return h
    return forward, forward_flops


def train_step(torch, req, x, weights, biases, layers, dtype, size, data):
    """One full step: forward, mean cross-entropy from the logits, backward, Adam."""
    train = req["train"]
    if train["loss"] != "categorical_cross_entropy" or layers[-1][2] != "softmax":
        raise ValueError("train: only categorical cross-entropy on a softmax output is implemented, got "
                         + train["loss"] + " on " + layers[-1][2])
    labels = load(torch, data["labels"], size, torch.int32).long()
    params = []
    for w, b in zip(weights, biases):
        params.append(w.clone().requires_grad_(True))
        params.append(b.clone().requires_grad_(True))
    optimizer = torch.optim.Adam(params, lr=train["lr"], betas=(train["beta1"], train["beta2"]),
                                 eps=train["eps"])
    hidden = [act for _, _, act in layers[:-1]]
    functions = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda z: z}

    def step():
        optimizer.zero_grad(set_to_none=True)
        h = x
        for i, act in enumerate(hidden):
            h = functions[act](torch.addmm(params[2 * i + 1], h, params[2 * i]))
        logits = torch.addmm(params[-1], h, params[-2])
        loss = torch.nn.functional.cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        return loss
    return step


def quantile(sorted_values, q):
    pos = q * (len(sorted_values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (pos - lo) * (sorted_values[hi] - sorted_values[lo])


def measure(call, plan):
    """The JVM harness's plan: returns (per-call ns of each round, calls per round, the sum of the first call's
    output: for a training step, the loss of the initial weights)."""
    ms = 1_000_000
    start = time.perf_counter_ns()
    check = float(call().sum())
    first = time.perf_counter_ns() - start
    estimate = float(first)
    if plan["warmup_ms"] > 0 and first < 1000 * ms:
        warm_start = time.perf_counter_ns()
        calls = 0
        while True:
            call()
            calls += 1
            now = time.perf_counter_ns()
            if now - warm_start >= plan["warmup_ms"] * ms and calls >= 1:
                break
        estimate = (now - warm_start) / calls
    per_round = max(1, math.ceil(plan["round_ms"] * ms / max(estimate, 1)))
    rounds = plan["rounds"]
    if estimate > plan["round_ms"] * ms and rounds > 3:
        rounds = int(max(3, min(rounds, plan["cell_budget_ms"] * ms / estimate)))
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        for _ in range(per_round):
            call()
        times.append((time.perf_counter_ns() - t0) / per_round)
    return times, per_round, check


def row(req, status, note, times=None, calls=0, flops=float("nan")):
    fields = [req.get("workload", ""), req.get("kind", ""), str(req.get("size", "")), req.get("precision", ""),
              SUBJECT, "true", status]
    if times:
        s = sorted(times)
        median = statistics.median(s)
        samples = "" if req["kind"] == "gemm" else repr(req["size"] * 1e9 / median)
        fields += [repr(median), repr(s[0]), repr(s[-1]), repr(quantile(s, 0.25)), repr(quantile(s, 0.75)),
                   str(len(s)), str(calls), repr(flops / median), samples, "", "", "", "", ""]
    else:
        fields += [""] * 14
    fields.append(note)
    return ",".join(csv_field(f) for f in fields)


def csv_field(s):
    if any(c in s for c in ",\"\n"):
        return '"' + s.replace('"', '""') + '"'
    return s


def serve(lines, out):
    import torch
    threads = None
    for line in lines:
        line = line.strip()
        if not line:
            continue
        req = {}
        try:
            req = json.loads(line)
            if req["threads"] != threads:
                threads = req["threads"]
                torch.set_num_threads(threads)
            torch.manual_seed(0x5EED)
            call, flops = prepare(torch, req)
            times, calls, check = measure(call, req["plan"])
            note = "PyTorch %s, %d threads, %s %r" % (
                torch.__version__, torch.get_num_threads(),
                "first loss" if req["kind"] == "train" else "output sum", check)
            out.write(row(req, "ok", note, times, calls, flops) + "\n")
        except Exception as e:  # noqa: BLE001 - one failed workload must not end the others
            out.write(row(req, "failed", "%s: %s" % (type(e).__name__, e)) + "\n")
        out.flush()


def main():
    args = sys.argv[1:]
    if args == ["--probe"]:
        print(probe())
        return
    if args not in ([], ["--header"]):
        sys.exit("usage: torch_bench.py --probe | torch_bench.py [--header] < requests.jsonl > rows.csv")
    if args == ["--header"]:
        print(HEADER, flush=True)
    serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
