#!/usr/bin/env bash
# Writes models/backbones/mobilenet-v2/ (model.json + weight shard, the plain TensorFlow.js layers format that
# Verifier reads) from the npm package nsfwjs 4.3.0 (MIT), which bundles its MobileNetV2 as base64 inside JS modules.
# A one-off conversion kept for reproducibility: the output is committed, so neither training nor scanning runs it.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/mobilenet-v2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack nsfwjs@4.3.0 --silent >/dev/null
echo "4496790efc9bdc6f3e85a826a8e482c1fa1e9db4b3d18c095e98cc0c73cfb12f  nsfwjs-4.3.0.tgz" | sha256sum -c --quiet
tar xzf nsfwjs-4.3.0.tgz
mkdir -p "$out"
cp package/LICENSE "$out/LICENSE.nsfwjs"
# The modules are UMD wrappers around one object literal (the topology) or one base64 string (a shard); requiring them
# evaluates only that.
node -e '
const fs = require("fs"), path = require("path");
const [dir, out] = process.argv.slice(1);
fs.writeFileSync(path.join(out, "model.json"), JSON.stringify(require(path.resolve(dir, "model.min.js"))));
for (const f of fs.readdirSync(dir).filter(f => f.startsWith("group"))) {
  fs.writeFileSync(path.join(out, f.replace(".min.js", "")), Buffer.from(require(path.resolve(dir, f)), "base64"));
}' package/dist/models/mobilenet_v2 "$out"
sha256sum "$out"/*
