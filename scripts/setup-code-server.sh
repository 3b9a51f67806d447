#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3: server + web workbench) into .tools/code-server,
# offline: the npm registry and Debian packages only. code-server's own postinstall refuses to run
# as root and downloads ripgrep from GitHub, so this script does its work by hand:
#   - install with --ignore-scripts, rebuild argon2 from source,
#   - install the VS Code server's own deps, pointing @vscode/ripgrep at Debian's rg,
#   - run the native builds (node-pty, spdlog, kerberos…) against local Node headers.
# Needs Debian packages: build-essential pkg-config python3 libkrb5-dev ripgrep.
# Idempotent: exits early when the marker file says this version is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="4.100.3"
DIR="$ROOT/.tools/code-server"
MARK="$DIR/.installed-$VERSION"
log() { printf '[setup-code-server] %s\n' "$*" >&2; }
if [ -f "$MARK" ]; then log "code-server $VERSION already installed"; exit 0; fi
command -v rg >/dev/null || { log "ripgrep (Debian package 'ripgrep') is missing"; exit 1; }

rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
cat > package.json <<JSON
{ "name": "dl-tutor-code-server", "private": true, "dependencies": { "code-server": "$VERSION" } }
JSON
export npm_config_audit=false npm_config_fund=false
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix="$(node -p "require('path').resolve(process.execPath, '../..')")"
  for d in "$prefix" /usr; do
    if [ -f "$d/include/node/node_api.h" ]; then export npm_config_nodedir="$d"; break; fi
  done
fi
log "npm install code-server@$VERSION (scripts off)"
npm install --ignore-scripts >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm_config_unsafe_perm=true npm install --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "building native modules"
npm_config_yes=true npm rebuild >&2
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -rf code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -rf browser.sh && ln -s browser-linux.sh browser.sh)
cd extensions
npm_config_unsafe_perm=true npm install --omit=dev >&2
touch "$MARK"
log "ready: $DIR/node_modules/code-server/out/node/entry.js"
