#!/usr/bin/env bash
# Verifies backend-cuda on a GPU machine (which has no Maven, no network and maybe no Java), in two steps.
#
#   backend-cuda/gpu-check.sh prepare   on the build machine: builds the jars and a small JRE into $GPU_BUNDLE
#                                       (default .gpu, at the repository root; keep it out of git with
#                                       `echo /.gpu/ >> .git/info/exclude`) - about 40 MiB
#   backend-cuda/gpu-check.sh run [tests|bench|all]
#                                       on the GPU machine, from the repository root, with $GPU_BUNDLE carried
#                                       there; writes its logs under $OUT (default /tmp/vecnn-gpu-check).
#                                       $ROUNDS (default 7) sets the benchmark rounds.
#                                       `tests` and `bench` each fit one 10-minute device call; `all` is both.
#
# `run` does, each step bounded and logged to $OUT/<step>.log: nvidia-smi; the backend's own tests
# (CudaBackendGpuTest and the rest, which must pass and not be skipped on a GPU); the conformance kit with
# -Dvecnn.conformance.require=cuda (cuda skipped = failure) for both precisions; GpuBench (GEMM GFLOPS at
# n = 1024..8192 and dense forward passes, FLOAT32 and FLOAT64, medians of 7 rounds); and the PyTorch cuBLAS
# baseline with TF32 off (src/test/python/torch_gemm_baseline.py) in the same call. Copy the figures into
# docs/benchmarks.md with the commands (docs/cuda-backend.md).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${GPU_BUNDLE:-$root/.gpu}"
out="${OUT:-/tmp/vecnn-gpu-check}"

prepare() {
    set -e
    cd "$root"
    mvn -q -pl backend-cuda,conformance-tests -am install -DskipTests
    rm -rf "$bundle"
    mkdir -p "$bundle/lib"
    mvn -q -pl backend-cuda dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$bundle/lib"
    cp backend-cuda/target/vecnn-backend-cuda-*.jar "$bundle/lib/"
    cp conformance-tests/target/vecnn-conformance-tests-*.jar "$bundle/lib/"
    (cd backend-cuda/target/test-classes && jar cf "$bundle/lib/vecnn-backend-cuda-tests.jar" .)
    junit="$(sed -n 's:.*<junit-platform.version>\(.*\)</junit-platform.version>.*:\1:p' pom.xml)"
    mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" \
        -DoutputDirectory="$bundle"
    mv "$bundle"/junit-platform-console-standalone-*.jar "$bundle/junit-console.jar"
    rm -rf "$bundle/jre.tmp"
    jlink --add-modules java.base,java.logging,java.management,java.xml,java.naming,jdk.unsupported,jdk.zipfs \
        --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre.tmp/jre"
    tar -C "$bundle/jre.tmp" -czf "$bundle/jre.tgz" jre
    rm -rf "$bundle/jre.tmp"
    du -sh "$bundle"
}

step() {
    local name="$1" limit="$2"
    shift 2
    echo "== $name (limit ${limit}s): $*" | tee -a "$out/summary.txt"
    timeout "$limit" "$@" > "$out/$name.log" 2>&1
    local rc=$?
    tail -n 25 "$out/$name.log"
    echo "== $name: exit $rc" | tee -a "$out/summary.txt"
    return 0
}

run() {
    cd "$root"
    mkdir -p "$out"
    : > "$out/summary.txt"
    local jre="${JRE_DIR:-/tmp/vecnn-jre}"
    if [[ ! -x "$jre/jre/bin/java" ]]; then
        mkdir -p "$jre" && tar -C "$jre" -xzf "$bundle/jre.tgz"
    fi
    local java="$jre/jre/bin/java"
    local cp  # the console launcher does not expand "lib/*": list the jars
    cp="$(printf '%s:' "$bundle"/lib/*.jar)"
    local what="${1:-all}"
    step nvidia-smi 30 nvidia-smi
    if [[ "$what" == tests || "$what" == all ]]; then
    step unit-tests 120 "$java" -Dvecnn.cuda.sources=backend-cuda/src/main/cuda \
        -Dvecnn.cuda.testSources=backend-cuda/src/test/cuda -Dvecnn.cuda.scratch="$out/cuda-check" -jar "$bundle/junit-console.jar" execute --class-path "$cp" \
        --select-package org.vecnn.backend.cuda --details=summary --reports-dir "$out/junit-unit"
    step conformance 240 "$java" -Dvecnn.conformance.require=cuda -Dvecnn.conformance.backends=cuda \
        -jar "$bundle/junit-console.jar" execute --class-path "$cp" \
        --select-class org.vecnn.conformance.ServiceLoaderConformance --details=summary \
        --reports-dir "$out/junit-conformance"
    fi
    if [[ "$what" == bench || "$what" == all ]]; then
    local rounds="${ROUNDS:-7}"
    step bench-float32 150 "$java" -cp "$cp" org.vecnn.backend.cuda.GpuBench "$rounds" FLOAT32
    step torch-baseline 150 python3 backend-cuda/src/test/python/torch_gemm_baseline.py "$rounds"
    step bench-float64 150 "$java" -cp "$cp" org.vecnn.backend.cuda.GpuBench "$rounds" FLOAT64
    fi
    cat "$out/summary.txt"
}

case "${1:-}" in
    prepare) prepare ;;
    run) run "${2:-all}" ;;
    *) echo "usage: $0 prepare | run [tests|bench|all]" >&2; exit 2 ;;
esac
