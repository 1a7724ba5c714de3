#!/usr/bin/env bash
# The GPU figures, in one device call (bench/gpu-bundle.sh packed .gpu first; carry .gpu):
#   the generator step in TorchSharp against its PyTorch eager twin (the gpu config), the detector model's throughput,
#   and, given a clip cache (train generator --clips, xz-compressed to fit the carry), a bf16 CUDA training run of the
#   default generator with STEPS steps a stage. Everything it prints is also written to OUT (default ./gpu-out).
# Usage: [TRAIN_SECONDS=270] bench/gpu-figures.sh [CLIPS.bin.xz] [STEPS=200] [BATCH=16]
set -uo pipefail
out="${OUT:-gpu-out}"
mkdir -p "$out"
run() { bash .gpu/run.sh "$@"; }
{
  nvidia-smi -L
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
  command -v ffmpeg || echo "no ffmpeg on this machine"
} 2>&1 | tee "$out/machine.txt"
VERIFIER="bash .gpu/run.sh" bench/generator-vs-pytorch.sh cuda gpu 2>&1 | tee "$out/bench-generator.txt"
run bench detector --device cuda --model models/detector.onnx --batch 512 --seconds 3 2>&1 | tee "$out/bench-detector.txt"
if [ -n "${1:-}" ]; then
  clips="${TMPDIR:-/tmp}/clips.bin"
  xz -dc "$1" > "$clips"
  model="${TMPDIR:-/tmp}/gen-cuda"
  # Bounded, so the call ends inside the device's limit even if the GPU is slower than hoped.
  timeout "${TRAIN_SECONDS:-270}" bash .gpu/run.sh train generator --clips "$clips" --out "$model" --device cuda --steps "${2:-200}" --batch-size "${3:-16}" \
    --sample-every 0 --checkpoint-every "${2:-200}" 2>&1 | grep -v "skipped" | tee "$out/train-generator.txt"
  # Sample grids need Skia's native library, which finds no libfontconfig there; the card comes back, the weights
  # (36 MB for the default model) are over what a device call returns.
  cp "$model"/generator.json "$out"/ 2>/dev/null
fi
