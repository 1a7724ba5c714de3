#!/usr/bin/env bash
# fuzz/run.sh TARGET [EXECS]: coverage-guided fuzzing of one Verifier parser with afl-fuzz (AFL++) through SharpFuzz,
# until about EXECS executions (default 1,000,000), then prints execs, execs/s, crashes and hangs (exit 1 if any).
# Installs what is missing: Debian's afl++ (when root), the SharpFuzz instrumentation tool (into fuzz/.tools).
# Targets: `dotnet run --project fuzz/Verifier.Fuzz` lists them; seeds: fuzz/corpus/TARGET/; findings: fuzz/.out/findings/.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
fuzz="$root/fuzz"
target="${1:-}"
execs="${2:-1000000}"
if [[ -z "$target" || ! -d "$fuzz/corpus/$target" || ! "$execs" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET [EXECS]   (TARGET: $(ls "$fuzz/corpus" | tr '\n' ' '))" >&2
  exit 64
fi

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing afl++ (apt-get)" >&2
    { apt-get update -qq && apt-get install -y -qq afl++; } >/dev/null
  else
    echo "run.sh: afl-fuzz (AFL++) is not installed and this is not root: install it (Debian: sudo apt-get install -y afl++)," >&2
    echo "        or run the coverage-free loop: dotnet run --project fuzz/Verifier.Fuzz -c Release -- $target --loop fuzz/corpus/$target" >&2
    exit 1
  fi
fi

tools="$fuzz/.tools"
if [[ ! -x "$tools/sharpfuzz" ]]; then
  echo "run.sh: installing the SharpFuzz instrumentation tool into $tools" >&2
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# Instrumenting is done in place and must not be applied twice: publish afresh whenever the sources changed.
publish="$fuzz/.out/publish"
sources=(Provenance Detector/Verifier.Detector Media Server fuzz/Verifier.Fuzz Directory.Build.props Directory.Packages.props)
stamp="$( (cd "$root" && git ls-files -s -- "${sources[@]}" && git diff HEAD -- "${sources[@]}" && git status --porcelain -- "${sources[@]}") | sha256sum)"
if [[ "$(cat "$publish/.instrumented" 2>/dev/null)" != "$stamp" ]]; then
  rm -rf "$publish"
  dotnet publish "$fuzz/Verifier.Fuzz" -c Release -o "$publish" -nologo -v quiet >/dev/null
  # Our parsers, plus BouncyCastle (ASN.1/X.509/CMS) they parse with. The framework's assemblies (System.Formats.Cbor,
  # System.Text.Json, ASP.NET Core's multipart reader) are not in the publish folder and stay uninstrumented.
  for assembly in Verifier.Provenance Verifier.Detector Verifier.Server BouncyCastle.Cryptography; do
    "$tools/sharpfuzz" "$publish/$assembly.dll" >/dev/null
  done
  echo "$stamp" > "$publish/.instrumented"
fi

# afl-fuzz ends the harness with SIGKILL, so the harness's scratch files (the multipart target's staging folder) go
# into a temp folder of this run's own (tmpfs when there is one), removed here.
scratch="$(mktemp -d /dev/shm/verifier-fuzz.XXXXXX 2>/dev/null || mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

findings="$fuzz/.out/findings/$target-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$(dirname "$findings")"
# The target is `dotnet`, not an afl-instrumented binary; SharpFuzz's fork server speaks afl's protocol itself.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
start=$(date +%s)
afl-fuzz -i "$fuzz/corpus/$target" -o "$findings" -t 5000 -m none -E "$execs" -- dotnet "$publish/Verifier.Fuzz.dll" "$target" \
  > "$findings.log" 2>&1 || { tail -30 "$findings.log" >&2; echo "run.sh: afl-fuzz failed (log: $findings.log)" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
stat() { sed -nE "s/^$1 *: *([0-9.]+).*/\1/p" "$stats"; }
done_execs=$(stat execs_done)
seconds=$(( $(date +%s) - start ))
crashes=$(stat saved_crashes)
hangs=$(stat saved_hangs)
echo "$target: $done_execs execs in ${seconds} s, $(( done_execs / (seconds > 0 ? seconds : 1) )) execs/s overall ($(stat execs_per_sec) at the end), ${crashes:-0} crashes, ${hangs:-0} hangs, $(stat corpus_count) queue entries (findings: $findings)"
if [[ "${crashes:-0}" != 0 || "${hangs:-0}" != 0 ]]; then
  ls "$findings"/default/crashes "$findings"/default/hangs
  exit 1
fi
