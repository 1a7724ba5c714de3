#!/usr/bin/env bash
# Times the generator in Verifier (TorchSharp) and in its PyTorch eager twin (bench/generator_twin.py) on identical
# shapes, batch and steps, and prints both rows and the TorchSharp / PyTorch ratio of each rate (above 1: TorchSharp
# is faster). Usage: bench/generator-vs-pytorch.sh [cpu|cuda] [tiny|small|gpu] [THREADS]
# THREADS sets both libraries' CPU threads (1 is fairer on a busy shared machine, where idle threads spin).
# The twin needs PyTorch (CUDA build for cuda); without it the script says so and prints the Verifier row alone.
# VERIFIER overrides how the CLI is run: on the GPU machine, VERIFIER="bash .gpu/run.sh" (../shared/tools/gpu-bundle.sh).
set -euo pipefail
device="${1:-cpu}"
config="${2:-tiny}"
threads=()
[[ -n "${3:-}" ]] && threads=(--threads "$3")
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

${VERIFIER:-"$root/verifier"} bench generator --device "$device" --config "$config" --write-config "$work/config.json" "${threads[@]}" | tee "$work/verifier.txt"
if ! python3 -c "import torch" 2>/dev/null; then
  echo "PyTorch is not installed for python3 here: no twin figures, no ratio (pip install torch; for cuda, on the GPU machine)."
  exit 0
fi

python3 "$root/bench/generator_twin.py" "$work/config.json" --device "$device" "${threads[@]}" | tee "$work/pytorch.txt"
ours="$(grep -E "^\| (cpu|cuda)" "$work/verifier.txt")"
theirs="$(grep -E "^\| pytorch" "$work/pytorch.txt")"
python3 - "$ours" "$theirs" <<'PY'
import sys
ours = [float(v) for v in sys.argv[1].split("|")[2:5]]
theirs = [float(v) for v in sys.argv[2].split("|")[2:5]]
for name, a, b in zip(["autoencoder steps/s", "transformer steps/s", "sampling clips/s"], ours, theirs):
    print(f"{name}: TorchSharp {a:.3f}, PyTorch {b:.3f}, ratio {a / b:.2f}")
PY
