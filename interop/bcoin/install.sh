#!/usr/bin/env bash
# Installs bcoin 1.0.2 (package-lock.json pins every module) into interop/bcoin/node_modules for the
# interop integration tests. Maven runs it before the integration tests (node/pom.xml); it does nothing
# when package.json and the lock file have not changed since the last install. Without Node.js it says so and succeeds:
# the bcoin tests then skip themselves with the same advice.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[interop] Node.js and npm not found: the bcoin interop tests will be skipped."
  echo "[interop] To run them, install Node.js 20 and npm (Debian: apt-get install nodejs npm) and rerun mvn verify."
  exit 0
fi

stamp=node_modules/.tributary-installed
if [ -f "$stamp" ] && cat package.json package-lock.json | cmp -s - "$stamp" && [ -f node_modules/bcoin/bin/node ]; then
  echo "[interop] bcoin already installed in $(pwd)/node_modules"
  exit 0
fi

echo "[interop] installing bcoin with npm ci (node $(node --version), npm $(npm --version)), about 30 s"
# package.json's allowScripts lets the native modules build (npm 11 blocks install scripts otherwise):
# bcoin cannot start without mrmr; secp256k1, bsip, bcrypto and bstring fall back to JavaScript when
# their build fails.
npm ci --no-audit --no-fund --loglevel=error
cat package.json package-lock.json > "$stamp"
echo "[interop] bcoin $(node -p 'require("bcoin/package.json").version') installed"
