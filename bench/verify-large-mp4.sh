#!/usr/bin/env bash
# Validation throughput on a large MP4: makes a 60 s 1080p lossless H.264 clip (about 250 MB) with ffmpeg, has
# c2pa-rs (the interop oracle) sign it with TEST-ONLY keys, then runs `verifier bench verify` against .NET's SHA-256
# rate and against c2pa-rs. Usage: bench/verify-large-mp4.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
seconds="${1:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v ffmpeg >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y ffmpeg >/dev/null; else
    echo "bench: ffmpeg is needed to make the test clip: sudo apt-get install -y ffmpeg" >&2; exit 1; fi
fi
command -v node >/dev/null || { echo "bench: Node.js 20+ is needed to run c2pa-rs (the oracle)" >&2; exit 1; }

cp -r "$root/../shared/tools/c2pa-ref" "$work/" && chmod -R u+w "$work/c2pa-ref"
(cd "$work/c2pa-ref" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && bash certs/gen-certs.sh >/dev/null 2>&1)
ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" -t "$seconds" \
  -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p "$work/big.mp4"
(cd "$work/c2pa-ref" && node sign.mjs "$work/big.mp4" "$work/signed.mp4" --quiet)
"$root/verifier" bench verify "$work/signed.mp4" --trust "$work/c2pa-ref/certs/root.pem" --c2pa-ref "$work/c2pa-ref"
