#!/usr/bin/env bash
# Verifies backend-cuda on a GPU machine (which has no Maven, no network and maybe no Java), in two steps.
#
#   backend-cuda/gpu-check.sh prepare   on the build machine: builds the jars and a small JRE into $GPU_BUNDLE
#                                       (default .gpu, at the repository root; keep it out of git with
#                                       `echo /.gpu/ >> .git/info/exclude`) - about 40 MiB
#   backend-cuda/gpu-check.sh run [tests|bench|e2e|all]
#                                       on the GPU machine, from the repository root, with $GPU_BUNDLE carried
#                                       there; writes its logs under $OUT (default /tmp/vecnn-gpu-check).
#                                       $ROUNDS (default 7) sets the benchmark rounds.
#                                       `tests`, `bench` and `e2e` each fit one 10-minute device call; `all` is
#                                       the three.
#
# `run` does, each step bounded and logged to $OUT/<step>.log: nvidia-smi; the backend's own tests
# (CudaBackendGpuTest and the rest, which must pass and not be skipped on a GPU); the conformance kit with
# -Dvecnn.conformance.require=cuda (cuda skipped = failure) for both precisions; GpuBench (GEMM GFLOPS at
# n = 1024..8192 and dense forward passes, FLOAT32 and FLOAT64, medians of 7 rounds); and the PyTorch cuBLAS
# baseline with TF32 off (src/test/python/torch_gemm_baseline.py) in the same call; `e2e`: `vecnn backends`,
# `vecnn demo`, `vecnn predict` of the digits example on cuda and on loop (same labels), the wide dense layer
# of the 20x target (WideDenseTiming, the program that measures the CPU side), `vecnn bench --quick --backends
# cuda` with its report and the PyTorch rows beside it (bench/src/main/python/cublas_baseline.py), and the model
# module's tests, which run on every backend found (cuda among them). Copy the figures into
# docs/benchmarks.md with the commands (docs/cuda-backend.md).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${GPU_BUNDLE:-$root/.gpu}"
out="${OUT:-/tmp/vecnn-gpu-check}"

mvn_version() {
    sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml"
}

prepare() {
    set -e
    cd "$root"
    mvn -q -pl backend-cuda,conformance-tests,model,cli -am install -DskipTests
    rm -rf "$bundle"
    mkdir -p "$bundle/lib" "$bundle/e2e"
    mvn -q -pl backend-cuda dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$bundle/lib"
    cp backend-cuda/target/vecnn-backend-cuda-*.jar "$bundle/lib/"
    cp conformance-tests/target/vecnn-conformance-tests-*.jar "$bundle/lib/"
    (cd backend-cuda/target/test-classes && jar cf "$bundle/lib/vecnn-backend-cuda-tests.jar" .)
    # e2e: the command line and the model module's tests on a class path of loop + cuda (the full cli jar,
    # with ND4J's natives, is too large to carry)
    cp backend-loop/target/vecnn-backend-loop-*.jar model/target/vecnn-model-*.jar cli/target/vecnn-cli-*.jar \
        "$bundle/e2e/"
    rm -f "$bundle"/e2e/*-tests.jar
    cp -r model/target/test-classes "$bundle/model-test-classes"  # a folder: the tests read files as Paths
    cp "$HOME/.m2/repository/org/vecnn/vecnn-bench/$(mvn_version)/vecnn-bench-$(mvn_version).jar" "$bundle/e2e/"
    mvn -q -pl cli dependency:copy-dependencies -DincludeArtifactIds=picocli,jmh-core,jopt-simple,commons-math3 \
        -DoutputDirectory="$bundle/e2e"
    junit="$(sed -n 's:.*<junit-platform.version>\(.*\)</junit-platform.version>.*:\1:p' pom.xml)"
    mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" \
        -DoutputDirectory="$bundle"
    mv "$bundle"/junit-platform-console-standalone-*.jar "$bundle/junit-console.jar"
    rm -rf "$bundle/jre.tmp"
    jlink --add-modules java.base,java.logging,java.management,java.xml,java.naming,jdk.unsupported,jdk.zipfs,jdk.incubator.vector \
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
    if [[ ! -x "$jre/jre/bin/java" || "$bundle/jre.tgz" -nt "$jre/jre/bin/java" ]]; then
        rm -rf "$jre/jre" && mkdir -p "$jre" && tar -C "$jre" -xzf "$bundle/jre.tgz" && touch "$jre/jre/bin/java"
    fi
    local java="$jre/jre/bin/java"
    local cp  # the console launcher does not expand "lib/*": list the jars
    cp="$(printf '%s:' "$bundle"/lib/*.jar)"
    local what="${1:-all}"
    step nvidia-smi 30 nvidia-smi
    if [[ "$what" == tests || "$what" == all ]]; then
    step unit-tests 240 "$java" -Dvecnn.conformance.require=cuda -Dvecnn.cuda.sources=backend-cuda/src/main/cuda \
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
    if [[ "$what" == e2e || "$what" == all ]]; then
    local e2e vec=--add-modules=jdk.incubator.vector
    e2e="$cp$(printf '%s:' "$bundle"/e2e/*.jar)$bundle/model-test-classes"
    step cli-backends 60 "$java" $vec -cp "$e2e" org.vecnn.cli.Main backends
    step cli-demo 60 "$java" $vec -cp "$e2e" org.vecnn.cli.Main demo
    local digits=examples/digits
    step cli-predict-cuda 60 "$java" $vec -cp "$e2e" org.vecnn.cli.Main predict --backend cuda \
        --model "$digits/digits-mlp.npz" --input "$digits/digits-test-x.csv" --argmax
    step cli-predict-loop 60 "$java" $vec -cp "$e2e" org.vecnn.cli.Main predict --backend loop \
        --model "$digits/digits-mlp.npz" --input "$digits/digits-test-x.csv" --argmax
    step same-labels 10 cmp "$out/cli-predict-cuda.log" "$out/cli-predict-loop.log"
    step wide-dense 60 "$java" $vec -cp "$e2e" org.vecnn.bench.WideDenseTiming 7 cuda
    step cli-bench 240 "$java" $vec -cp "$e2e" org.vecnn.cli.Main bench --quick --backends cuda --out "$out/bench-cuda"
    step cublas-baseline 120 python3 bench/src/main/python/cublas_baseline.py --quick
    step model-tests 180 "$java" $vec -jar "$bundle/junit-console.jar" execute --class-path "$e2e" \
        --select-package org.vecnn.model --details=tree --disable-ansi-colors --reports-dir "$out/junit-model"
    fi
    cat "$out/summary.txt"
}

case "${1:-}" in
    prepare) prepare ;;
    run) run "${2:-all}" ;;
    *) echo "usage: $0 prepare | run [tests|bench|e2e|all]" >&2; exit 2 ;;
esac
