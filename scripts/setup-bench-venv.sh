#!/usr/bin/env bash
# Creates .bench-venv/ with tensorflow-cpu (Keras 3) for `npm run bench`'s LeNet-5 comparison and
# torch (CPU) for its tiny-GPT comparison.
# Benchmark-only: never a dependency of the extension. pip uses its configured index (on this
# machine a local one). Re-running is safe; remove .bench-venv/ to start over.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.bench-venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# --retries 0 / --timeout 10: where the default index is unreachable (an offline machine with a
# local index configured as extra-index-url), fail over to the configured local index at once.
"$VENV/bin/python" -m pip install --quiet --retries 0 --timeout 10 tensorflow-cpu numpy
# torch for the tiny-GPT comparison (scripts/bench-gpt-torch.py). Optional: the bench says so when it is absent.
"$VENV/bin/python" -m pip install --quiet --retries 0 --timeout 10 torch || echo "torch could not be installed: the GPT comparison will say PyTorch is absent" >&2
"$VENV/bin/python" -c 'import tensorflow as tf, keras; print("tensorflow", tf.__version__, "keras", keras.__version__)'
"$VENV/bin/python" -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())' || true
