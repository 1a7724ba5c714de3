#!/usr/bin/env bash
# Rebuilds the seed corpora in fuzz/corpus/TARGET/ from real files, all small (a few KB): tiny clips and images made
# with ffmpeg's testsrc, signed by the c2pa-rs oracle (../shared/tools/c2pa-ref, TEST-ONLY certificates) in several
# variants (ES256, PS256 + RFC 3161 time stamp, Ed25519, an edit with an ingredient), then cut by the harness's
# `seeds` command into a store, claims, assertions, COSE signatures and certificate chains. c2pa-rs's small hostile
# fixtures, the shipped model card and hand-written multipart bodies complete it. Needs ffmpeg, node + npm, openssl.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
shared="$(cd "$root/../shared" && pwd)"
corpus="$root/fuzz/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -r "$shared/tools/c2pa-ref" "$work/oracle"
chmod -R u+w "$work/oracle"
(cd "$work/oracle" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
sign() { (cd "$work/oracle" && node sign.mjs "$@" --quiet); }

mkdir -p "$work/media" "$work/signed"
ff() { ffmpeg -loglevel error -y -f lavfi -i testsrc=size=16x16:rate=2 "$@"; }
ff -frames:v 1 "$work/media/tiny.jpg"
ff -frames:v 1 "$work/media/tiny.png"
ff -frames:v 1 "$work/media/tiny.webp"
ff -frames:v 2 -c:v libx264 -pix_fmt yuv420p "$work/media/tiny.mp4"

sign "$work/media/tiny.jpg" "$work/signed/es256.jpg"
sign "$work/media/tiny.png" "$work/signed/ps256-tsa.png" --alg ps256 --tsa
sign "$work/media/tiny.webp" "$work/signed/ed25519.webp" --alg ed25519
sign "$work/media/tiny.mp4" "$work/signed/es384.mp4" --alg es384
sign "$work/signed/es256.jpg" "$work/signed/edited.jpg" --parent

rm -rf "$corpus"
mkdir -p "$corpus"/{jpeg,png,riff,bmff,validate,modelcard,multipart}
dotnet build "$root/fuzz/Verifier.Fuzz" -c Release -v quiet -nologo >/dev/null
for f in "$work"/signed/*; do
  dotnet "$root/fuzz/Verifier.Fuzz/bin/Release/net10.0/Verifier.Fuzz.dll" seeds "$f" "$corpus"
done

cp "$work/media/tiny.jpg" "$work/signed/es256.jpg" "$work/signed/edited.jpg" "$corpus/jpeg/"
cp "$work/media/tiny.png" "$work/signed/ps256-tsa.png" "$corpus/png/"
cp "$work/media/tiny.webp" "$work/signed/ed25519.webp" "$shared/fixtures/c2pa-rs/riff_bomb_1000.wav" "$corpus/riff/"
cp "$work/media/tiny.mp4" "$work/signed/es384.mp4" "$shared/fixtures/c2pa-rs/nested_moov_1000.mp4" "$corpus/bmff/"
cp "$work"/signed/* "$shared/fixtures/c2pa-rs/id3v23_compression_underflow.mp3" "$shared/fixtures/c2pa-rs/libpng-test.png" "$corpus/validate/"
cp "$root/models/detector.json" "$corpus/modelcard/detector.json"
sed -e 's/"NCHW"/"NCTHW"/' -e 's/"framesPerSample": 1/"framesPerSample": 8/' "$root/models/detector.json" > "$corpus/modelcard/clip.json"

# Multipart: first line the Content-Type header, then the body (see fuzz/Verifier.Fuzz/Targets/MultipartTarget.cs).
printf 'multipart/form-data; boundary=XyZ\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="cat.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 tiny\r\n--XyZ--\r\n' > "$corpus/multipart/file.txt"
printf 'multipart/form-data; boundary="q b"\r\n--q b\r\nContent-Disposition: form-data; name="callback_url"\r\n\r\nhttps://example.test/hook\r\n--q b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8'"''"'%%C3%%A9t%%C3%%A9.png\r\n\r\n\x89PNG\r\n--q b--\r\n' > "$corpus/multipart/callback.txt"
printf 'multipart/form-data; boundary=b\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="two"\r\n\r\ny\r\n--b--\r\n' > "$corpus/multipart/two-files.txt"

chmod -R u+w "$corpus"
du -sh "$corpus"
find "$corpus" -type f | sed "s#$corpus/##" | cut -d/ -f1 | sort | uniq -c
