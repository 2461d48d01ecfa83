#!/usr/bin/env bash
# Installs Debian's tmux for the terminal progress test (TerminalProgressIT), which runs commands in a tmux pane
# and reads the pane back. Maven runs it before the integration tests (node/pom.xml). It does nothing when tmux is
# installed already. When it cannot install it (no apt-get, not root, no network) it says so and succeeds: the
# test then skips itself with the same advice, unless -Dtributary.requireTmux=true (what .ci/run passes) makes
# it fail instead.
set -uo pipefail

if command -v tmux >/dev/null 2>&1; then
  echo "[terminal] $(tmux -V) already installed"
  exit 0
fi
advice="[terminal] the tmux progress test will be skipped; to run it: apt-get install tmux"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[terminal] apt-get not found (not a Debian machine)."
  echo "$advice"
  exit 0
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "[terminal] installing packages needs root (or password-less sudo)."
    echo "$advice"
    exit 0
  fi
fi
echo "[terminal] installing Debian's tmux with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq --no-install-recommends tmux >/dev/null 2>&1; then
  if ! $sudo apt-get update -qq || ! $sudo apt-get install -y -qq --no-install-recommends tmux >/dev/null; then
    echo "[terminal] apt-get install tmux failed."
    echo "$advice"
    exit 0
  fi
fi
echo "[terminal] $(tmux -V) installed"
