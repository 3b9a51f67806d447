#!/usr/bin/env bash
# Installs everything dl-tutor needs on a fresh Debian machine of this kind (run as root):
# Debian packages, npm packages, the native TensorFlow engine, code-server + Chromium for the
# real-VS-Code tests and the tutor itself, then builds the bundles. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n[install] %s\n' "$*" >&2; }

APT_PKGS=(build-essential pkg-config python3 python3-pip libkrb5-dev ripgrep chromium fonts-dejavu-core git ca-certificates)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

log "npm ci"
npm ci --no-audit --no-fund >&2

log "TensorFlow.js native engine"
bash scripts/setup-tfjs-node.sh

log "code-server (a real VS Code for the tutor and its tests)"
bash scripts/setup-code-server.sh

log "build"
npm run --silent build >&2
log "done"
