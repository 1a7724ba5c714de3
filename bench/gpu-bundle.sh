#!/usr/bin/env bash
# Packs the CLI for the GPU machine with ../shared/tools/gpu-bundle.sh, then slims the bundle so that it and some
# training data fit the 64 MiB a device call carries: the GPU figures need no ASP.NET Core (the runtime and the app's
# runtimeconfig drop it; `serve` is the one command that would miss it) and no models/ (the checkout carries models/,
# so pass --model models/detector.onnx there). Usage: bench/gpu-bundle.sh [bundle-dir=.gpu]
# Then on the device: bash .gpu/run.sh bench generator --device cuda --config gpu
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-.gpu}"
"$root/../shared/tools/gpu-bundle.sh" "$root/Cli/Verifier.Cli/Verifier.Cli.csproj" "$out" || true  # it refuses the unslimmed size
[ -s "$out/app.tar.xz" ] || { echo "gpu-bundle: no app was packed; see $out/publish.log" >&2; exit 1; }
stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
tar xJf "$out/app.tar.xz" -C "$stage"
rm -rf "$stage/app/models"
python3 - "$stage"/app/*.runtimeconfig.json <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
options = config["runtimeOptions"]
frameworks = options.pop("frameworks", None) or [options["framework"]]
options["framework"] = next(f for f in frameworks if f["name"] == "Microsoft.NETCore.App")
json.dump(config, open(path, "w"), indent=2)
PY
(cd "$stage" && tar cf - app) | xz -9 -T2 > "$out/app.tar.xz"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
(cd "$dotnet_root" && tar cf - dotnet host shared/Microsoft.NETCore.App) | xz -9 -T2 > "$out/dotnet-rt.tar.xz"
echo no > "$out/dotnet-rt.kind"
echo "gpu-bundle: slimmed $out to $(du -sm "$out" --exclude=publish.log | cut -f1) MiB (app $(du -h "$out/app.tar.xz" | cut -f1), runtime $(du -h "$out/dotnet-rt.tar.xz" | cut -f1), no ASP.NET Core, no models/)"
