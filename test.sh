#!/usr/bin/env bash
# The whole suite on a fresh machine: installs Debian's Chromium for the browser tests and node + the official JavaScript
# SignalR client (npm) for the hub test when they are missing, then runs
# `dotnet test` and ends with the plain "N passed, N failed, N skipped" line CI counts.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install it with 'sudo apt-get install -y chromium' (the browser tests need /usr/bin/chromium)." >&2
    exit 1
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing node and npm from Debian's packages for the JavaScript SignalR client test..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "node is missing: install it with 'sudo apt-get install -y nodejs npm' (the JavaScript SignalR client test needs it)." >&2
    exit 1
  fi
fi
if [ ! -d BreachConsole.Tests/SignalRJs/node_modules/@microsoft/signalr ]; then
  echo "Installing @microsoft/signalr (npm ci) for the JavaScript SignalR client test..."
  (cd BreachConsole.Tests/SignalRJs && npm ci --no-audit --no-fund --loglevel=error)
fi

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test BreachConsole.sln --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

# dotnet test prints its own summary in another shape; CI reads the plain line below.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    # xUnit's skips are counted as neither executed nor notExecuted in the TRX: total - executed is what was skipped.
    skipped += max(int(counters.get("notExecuted", 0)), int(counters.get("total", 0)) - int(counters.get("executed", 0)))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
