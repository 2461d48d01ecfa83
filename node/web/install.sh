#!/usr/bin/env bash
# Installs the dashboard's front-end libraries from npm (package-lock.json pins them: uPlot for the charts) and
# copies the files the page loads into DEST (Maven passes target/generated-resources/web; the jar then serves them
# at /vendor/, so the page works without the Internet). Maven runs it in generate-resources (node/pom.xml); npm ci
# runs only when package.json or the lock file changed since the last install. Without npm it says so and
# succeeds: the page then shows its tables but no charts.
set -euo pipefail
cd "$(dirname "$0")"
dest="${1:?usage: install.sh DEST}"
mkdir -p "$dest/dashboard/vendor"

if ! command -v npm >/dev/null 2>&1; then
  echo "[web] npm not found: the dashboard page will have no charts. Install Node.js and npm (Debian: apt-get install nodejs npm) and rebuild."
  exit 0
fi
stamp=node_modules/.tributary-installed
if ! { [ -f "$stamp" ] && cat package.json package-lock.json | cmp -s - "$stamp" && [ -f node_modules/uplot/dist/uPlot.iife.min.js ]; }; then
  echo "[web] installing the dashboard's libraries with npm ci"
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "[web] npm ci failed (no registry?): the dashboard page will have no charts."
    exit 0
  fi
  cat package.json package-lock.json > "$stamp"
fi
cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css node_modules/uplot/LICENSE \
  "$dest/dashboard/vendor/"
