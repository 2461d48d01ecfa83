#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver) for the dashboard's
# browser test (DashboardBrowserIT). Maven runs it before the integration tests (node/pom.xml). It does nothing
# when both are installed already. When it cannot install them (no apt-get, not root, no network, a package
# missing) it says so and succeeds: the browser test then skips itself with the same advice.
set -uo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "[browser] $(chromium --version 2>/dev/null | head -1) and chromedriver already installed"
  exit 0
fi
advice="[browser] the dashboard browser test will be skipped; to run it: apt-get install chromium chromium-driver"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[browser] apt-get not found (not a Debian machine)."
  echo "$advice"
  exit 0
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "[browser] installing packages needs root (or password-less sudo)."
    echo "$advice"
    exit 0
  fi
fi
echo "[browser] installing Debian's chromium and chromium-driver with apt-get, about a minute"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get update -qq; then
  echo "[browser] apt-get update failed."
  echo "$advice"
  exit 0
fi
if ! $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; then
  echo "[browser] apt-get install chromium chromium-driver failed."
  echo "$advice"
  exit 0
fi
echo "[browser] $(chromium --version 2>/dev/null | head -1) and $(chromedriver --version 2>/dev/null | head -1) installed"
