#!/usr/bin/env bash
# Makes require('@tensorflow/tfjs-node') work on this machine.
#
# tfjs-node's own install script downloads libtensorflow and a prebuilt addon from a host this
# kind of machine cannot reach. `npm ci` keeps tfjs-node under optionalDependencies, so where that
# download fails npm drops the package and still succeeds. This script then:
#   1. checks whether tfjs-node already loads with the native backend (a machine with internet): done;
#   2. otherwise installs the package files with --ignore-scripts (no save: package.json is untouched),
#   3. takes libtensorflow + the C API headers from the tensorflow-cpu wheel that pip's index serves,
#   4. builds the N-API addon from source (node-pre-gyp --build-from-source; nothing is downloaded),
#   5. verifies the 'tensorflow' backend computes correctly.
# Run from the project root. Idempotent: a second run with a working addon exits at step 1.
set -euo pipefail
TFJS_NODE_VERSION="$(node -p "require('./package.json').optionalDependencies['@tensorflow/tfjs-node']")"
TF_WHEEL_SPEC="${TF_WHEEL_SPEC:-tensorflow-cpu==2.21.0}"
log() { printf '[setup-tfjs-node] %s\n' "$*" >&2; }

check() {
  TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0 node -e "
    const tf = require('@tensorflow/tfjs-node');
    const mm = tf.matMul(tf.tensor2d([[1,2],[3,4]]), tf.tensor2d([[5,6],[7,8]])).arraySync();
    const g = Array.from(tf.grad(x => x.square().sum())(tf.tensor1d([1,2,3])).dataSync());
    const ok = tf.getBackend() === 'tensorflow' && JSON.stringify(mm) === '[[19,22],[43,50]]' && JSON.stringify(g) === '[2,4,6]';
    console.error('[setup-tfjs-node] backend=' + tf.getBackend() + ' check=' + (ok ? 'ok' : 'FAILED'));
    process.exit(ok ? 0 : 1);" 2>&1
}

if check >/dev/null 2>&1; then log "tfjs-node already works"; exit 0; fi

if ! node -e "require.resolve('@tensorflow/tfjs-node/package.json')" >/dev/null 2>&1; then
  log "installing @tensorflow/tfjs-node@$TFJS_NODE_VERSION without its download script"
  npm install --ignore-scripts --no-save --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" >&2
fi
PKG="$(node -p "require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json'))")"
LIBTF_VER="$(node -p "require(process.argv[1]).LIBTENSORFLOW_VERSION" "$PKG/scripts/deps-constants.js")"

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
log "fetching $TF_WHEEL_SPEC through pip's configured index"
PIP_RETRIES=0 python3 -m pip download --no-deps --only-binary=:all: --dest "$WORK" "$TF_WHEEL_SPEC" >&2
WHL="$(ls "$WORK"/*.whl | head -n1)"

rm -rf "$PKG/deps"; mkdir -p "$PKG/deps/lib" "$PKG/deps/include"
python3 - "$WHL" "$PKG/deps" <<'PY'
import os, re, shutil, sys, zipfile
whl, deps = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(whl); names = set(z.namelist())
for lib in ('libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'):
    with z.open('tensorflow/' + lib) as f, open(os.path.join(deps, 'lib', lib), 'wb') as out:
        shutil.copyfileobj(f, out, 1 << 20)
# the headers binding/*.cc includes, and everything they include in turn
root = 'tensorflow/include/'
todo = ['tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h', 'tensorflow/c/tf_datatype.h',
        'tensorflow/c/tf_status.h', 'tensorflow/c/tf_tensor.h', 'tensorflow/core/platform/ctstring_internal.h']
seen = set(); inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
while todo:
    h = todo.pop()
    if h in seen or root + h not in names: continue
    seen.add(h); data = z.read(root + h)
    p = os.path.join(deps, 'include', h); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write(data); todo += inc.findall(data.decode('utf-8', 'replace'))
print('[setup-tfjs-node] extracted 2 libraries and %d headers' % len(seen), file=sys.stderr)
PY
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$PKG/deps/lib/libtensorflow_cc.so.2" "$PKG/deps/lib/libtensorflow_framework.so.2"
fi
(
  cd "$PKG/deps/lib"
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2
  ln -sf libtensorflow.so.2 libtensorflow.so
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so
  ln -sf libtensorflow_cc.so.2 "libtensorflow.so.$LIBTF_VER"
  ln -sf libtensorflow_framework.so.2 "libtensorflow_framework.so.$LIBTF_VER"
)
# If the package's install script is re-run later, this makes it build from source instead of downloading.
printf '{ "tf-lib": "offline://tensorflow-cpu-wheel" }\n' > "$PKG/scripts/custom-binary.json"

# node-gyp must use local Node headers, never download them.
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix="$(node -p "require('path').resolve(process.execPath, '../..')")"
  for d in "$prefix" /usr; do
    if [ -f "$d/include/node/node_api.h" ]; then export npm_config_nodedir="$d"; break; fi
  done
fi
log "building the N-API addon from source"
(cd "$PKG" && npm run --silent build-addon-from-source) >&2
check
