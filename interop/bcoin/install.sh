#!/usr/bin/env bash
# Installs bcoin 1.0.2 (package-lock.json pins every module) into interop/bcoin/node_modules for the
# interop integration tests. Maven runs it before the integration tests (node/pom.xml); it does nothing
# when the lock file has not changed since the last install. Without Node.js it says so and succeeds:
# the bcoin tests then skip themselves with the same advice.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[interop] Node.js and npm not found: the bcoin interop tests will be skipped."
  echo "[interop] To run them, install Node.js 20 and npm (Debian: apt-get install nodejs npm) and rerun mvn verify."
  exit 0
fi

stamp=node_modules/.tributary-installed-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp" && [ -f node_modules/bcoin/bin/node ]; then
  echo "[interop] bcoin already installed in $(pwd)/node_modules"
  exit 0
fi

echo "[interop] installing bcoin with npm ci (node $(node --version), npm $(npm --version)), about 30 s"
# Native builds are not needed: bcoin falls back to pure JavaScript for secp256k1 and the hashes, and
# the tests run it with --memory=true, so leveldown is never loaded.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
cp package-lock.json "$stamp"
echo "[interop] bcoin $(node -p 'require("bcoin/package.json").version') installed"
