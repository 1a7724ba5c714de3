#!/usr/bin/env bash
# Builds and runs every test project of Verifier.sln. Its last line is always
# "tests: N passed, M failed" (", K skipped" when some were), summed over all projects;
# it exits non-zero when a test failed or the build failed.
set -uo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"

fail() {
  echo "test.sh: $1" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
}

command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK 10 (dotnet) is not installed; see https://dot.net"
# The interop tests run c2pa-rs (WebAssembly) under Node: they copy ../shared/tools/c2pa-ref and run npm ci themselves.
command -v node >/dev/null 2>&1 ||
  fail "Node.js 20 or newer is needed by the interop tests (they run c2pa-rs under Node), and 'node' was not found"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" -ge 20 ]] || fail "Node.js 20 or newer is needed by the interop tests; this is Node $(node --version)"
command -v npm >/dev/null 2>&1 || fail "npm (with Node.js 20+) is needed by the interop tests to install the oracle"

# The oracle's test TSA and the time-stamp tests use openssl and curl, the media tests ffmpeg (ffprobe comes with it),
# the HTML report's browser test Debian's chromium (Playwright drives it; it never downloads a browser), the libtorch
# patch test readelf (binutils), the service tests PostgreSQL and RabbitMQ: install the packages of those missing when we may.
missing=()
for pair in openssl:openssl curl:curl ffmpeg:ffmpeg chromium:chromium readelf:binutils; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
# The service's scale-out tests start a throwaway cluster of Debian's postgresql and a private node of its
# rabbitmq-server (their tools are off PATH).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
# The HEIC signing tests make and decode HEIC through libheif (ffmpeg 5.1 can neither write nor read HEIF items).
ldconfig -p 2>/dev/null | grep -q 'libheif\.so\.1 ' || missing+=(libheif1)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} (apt-get)" >&2
    { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 || fail "could not install ${missing[*]} with apt-get"
  else
    fail "the tests need ${missing[*]}: install them (Debian: sudo apt-get install -y ${missing[*]})"
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet test Verifier.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project ends with one line "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, ..." (or "Failed!").
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)) passed=$((passed + p)) skipped=$((skipped + s))
done < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+), Total:.*/\2 \3 \4/p' "$log")

if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "test.sh: dotnet test failed before any test failed (build error or a crashed test host; see above)" >&2
  failed_build=1
  # Counted as a failure, so that a summary read alone never shows a broken build as all passed.
  failed=1
else
  failed_build=0
fi

summary="tests: $passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
echo "$summary"
[[ $status -eq 0 && $failed -eq 0 && $failed_build -eq 0 ]]
