#!/usr/bin/env bash
# The long recipes on a GPU machine whose python3 has jax with CUDA and no TensorFlow: every
# row of `python bench/run.py --list` marked --long, 3 seeds each, on the JAX backend, written
# to $OUT/results.gpu.json and $OUT/BENCHMARKS.gpu.md (and $OUT/log.txt). Sized for about 8
# minutes on one H200, an estimate not yet measured there: the rows are written one by one, and
# $LIMIT seconds (default 540) stop the run with what it has measured.
#
#   bash bench/gpu.sh wheels    # here, with PyPI: keras and what the GPU image lacks -> build/whl
#   bash bench/gpu.sh           # there, from the repository root (build/whl carried along)
#   bash bench/gpu.sh --only deep_ae,vae    # extra arguments go to bench/run.py
#
# Back here: python bench/run.py --merge results.gpu.json (the rows join bench/results.json
# as the long recipes, their run naming the GPU machine), then commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
WHEELS=build/whl
if [ "${1:-}" = wheels ]; then
    mkdir -p "$WHEELS"
    for pkg in keras==3.15.1 namex optree; do
        python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
            --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
            --platform manylinux2014_x86_64 -d "$WHEELS" "$pkg"
    done
    exit 0
fi
OUT=${OUT:-build/gpu}
mkdir -p "$OUT"
if ls "$WHEELS"/*.whl >/dev/null 2>&1; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
        --target /tmp/site "$WHEELS"/*.whl
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi
export KERAS_BACKEND=jax PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false
python3 -c "import jax, keras; print('devices', jax.devices(), 'keras', keras.__version__)" |
    tee "$OUT/log.txt"
timeout "${LIMIT:-540}" python3 bench/run.py --long --results "$OUT/results.gpu.json" \
    --out "$OUT/BENCHMARKS.gpu.md" "$@" 2>&1 | { grep -v -E '^(W|I)0000 ' || true; } |
    tee -a "$OUT/log.txt"
