#!/usr/bin/env bash
# Remakes the signed samples in this folder with the interop oracle (c2pa-rs 0.91.3 in WebAssembly, Node >= 20).
# Every run makes a NEW test-only root, so all samples and root.pem are replaced together. Keys stay in a temp folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shared="${VERIFIER_SHARED:-$here/../../shared}"
data="$shared/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$here/signed"
cp -r "$shared/tools/c2pa-ref" "$work/"
chmod -R u+w "$work"
cd "$work/c2pa-ref"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
bash certs/gen-certs.sh >/dev/null

capture=http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture
sign() { node sign.mjs "$@" --tsa --generator "Verifier samples" --quiet; }

sign "$data/real/image/facerec_alex_lacamoire.jpg" "$here/signed/photo.jpg" --title photo.jpg --source-type "$capture"
sign "$data/real/image/skimage_chelsea_orig.png" "$here/signed/cat.png" --title cat.png --source-type "$capture"
# The Kolors file is a JPEG despite its .png name; sign.mjs's default source type is trainedAlgorithmicMedia.
sign "$data/ai/image/kolors_inpainting_4_kolors.png" "$here/signed/ai-generated.jpg" --format image/jpeg --title ai-generated.jpg
sign "$data/real/video/fomm_demo_10.mp4" "$here/signed/clip.mp4" --title clip.mp4 --source-type "$capture"
node tamper.mjs "$here/signed/photo.jpg" "$here/tampered.jpg" --mode data >/dev/null
sign "$here/signed/photo.jpg" "$here/signed/edited.jpg" --parent --title edited.jpg --source-type "$capture"
cp certs/root.pem "$here/root.pem"

# What c2pa-rs reports for each sample with root.pem as the trust anchor (tests compare against this).
printf 'file\tvalidation_state\tfailure\n' >"$here/EXPECTED.tsv"
for f in signed/photo.jpg signed/cat.png signed/ai-generated.jpg signed/clip.mp4 tampered.jpg signed/edited.jpg; do
  node verify.mjs "$here/$f" --trust certs/root.pem |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
      console.log([process.argv[1].replace("signed/",""), r.validation_state, [...new Set(r.status.failure)].join(",")].join("\t"))})' "$f" >>"$here/EXPECTED.tsv"
done
cat "$here/EXPECTED.tsv"
