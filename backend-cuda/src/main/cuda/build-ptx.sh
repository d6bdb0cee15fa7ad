#!/usr/bin/env bash
# Regenerates the PTX that backend-cuda ships from the .cu sources next to this script.
#
#   backend-cuda/src/main/cuda/build-ptx.sh [output-dir]
#
# Default output: backend-cuda/src/main/resources/org/vecnn/backend/cuda/. Needs nvcc (NVCC, PATH or
# /usr/local/cuda/bin); the committed PTX was made with nvcc 13.0, and the tests compare it with a fresh
# run of this script when nvcc is present.
#
# PTX is compiled for the virtual architecture compute_75 (Turing), so that every GPU from sm_75 on can JIT
# it. nvcc writes the PTX ISA version of its own release (9.0 for CUDA 13), which only drivers >= 580
# accept; the script lowers `.version` to the oldest version that ptxas still accepts for sm_75, sm_80 and
# sm_90, i.e. the oldest the code really needs, so that CUDA 12 drivers (>= 525, ISA <= 8.0) load it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../resources/org/vecnn/backend/cuda}"
mkdir -p "$out"

nvcc="${NVCC:-}"
if [[ -z "$nvcc" ]]; then
    nvcc="$(command -v nvcc || true)"
fi
if [[ -z "$nvcc" && -x /usr/local/cuda/bin/nvcc ]]; then
    nvcc=/usr/local/cuda/bin/nvcc
fi
if [[ -z "$nvcc" ]]; then
    echo "build-ptx.sh: nvcc not found (set NVCC, put it on PATH or install CUDA in /usr/local/cuda)" >&2
    exit 2
fi
ptxas="$(dirname "$(readlink -f "$nvcc")")/ptxas"
[[ -x "$ptxas" ]] || ptxas="$(command -v ptxas)"

# PTX ISA versions from the first one that knows sm_75 (6.3) upwards.
versions="6.3 6.4 6.5 7.0 7.1 7.2 7.3 7.4 7.5 7.6 7.7 7.8 8.0 8.1 8.2 8.3 8.4 8.5 8.6 8.7 8.8 9.0"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for cu in "$here"/*.cu; do
    name="$(basename "$cu" .cu)"
    # -lineinfo off and no -G: the PTX must be byte-for-byte reproducible from the sources.
    "$nvcc" -ptx -arch=compute_75 -std=c++17 -O3 -I "$here" -o "$tmp/$name.ptx" "$cu"
    original="$(sed -n 's/^\.version \([0-9.]*\)$/\1/p' "$tmp/$name.ptx")"
    chosen=""
    for v in $versions; do
        sed "s/^\.version .*$/.version $v/" "$tmp/$name.ptx" > "$tmp/$name.try.ptx"
        ok=1
        for sm in sm_75 sm_80 sm_90; do
            if ! "$ptxas" -arch=$sm "$tmp/$name.try.ptx" -o /dev/null 2> /dev/null; then
                ok=0
                break
            fi
        done
        if [[ $ok == 1 ]]; then
            chosen="$v"
            break
        fi
    done
    if [[ -z "$chosen" ]]; then
        echo "build-ptx.sh: $name.ptx is not accepted by ptxas at any PTX ISA version" >&2
        exit 1
    fi
    {
        echo "// vecnn backend-cuda: generated from src/main/cuda/$name.cu by build-ptx.sh; do not edit."
        echo "// .version lowered from $original to $chosen, the oldest PTX ISA that ptxas accepts for this code."
        sed "s/^\.version .*$/.version $chosen/" "$tmp/$name.ptx"
    } > "$out/$name.ptx"
    echo "$name.ptx: PTX ISA $chosen (nvcc wrote $original)"
done
