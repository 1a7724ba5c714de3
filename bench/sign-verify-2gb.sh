#!/usr/bin/env bash
# Signs and validates a 2 GB MP4 (a real clip's ftyp + moov, then a 2 GiB mdat) with TEST-ONLY development keys, and
# prints wall time and peak memory of each step (GNU time), then `verifier bench verify` on it. Needs python3 and
# about 4.5 GB of free disk in $TMPDIR. Usage: bench/sign-verify-2gb.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/verifier" keys init "$work/keys" >/dev/null

python3 - "$root/../shared/data/real/video/fomm_demo_10.mp4" "$work/big.mp4" $((2 * 1024 * 1024 * 1024)) <<'PY'
import os, struct, sys
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
data, boxes, pos = open(src, 'rb').read(), {}, 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    boxes[t] = data[pos:pos + n]; pos += n
block = os.urandom(16 << 20)
with open(dst, 'wb') as f:
    f.write(boxes[b'ftyp']); f.write(boxes[b'moov'])
    f.write(struct.pack('>I4sQ', 1, b'mdat', size + 16))
    for _ in range(size // len(block)): f.write(block)
PY

measure() { /usr/bin/time -f "  %e s wall, %M KB peak resident" "$@"; }
echo "sign (2 GiB MP4):"; measure "$root/verifier" sign "$work/big.mp4" -o "$work/signed.mp4" \
  --cert "$work/keys/chain.pem" --key "$work/keys/signer.key" >/dev/null
rm "$work/big.mp4"
echo "verify:"; measure "$root/verifier" verify --trust "$work/keys/root.pem" "$work/signed.mp4"
"$root/verifier" bench verify "$work/signed.mp4" --trust "$work/keys/root.pem" --runs 2
