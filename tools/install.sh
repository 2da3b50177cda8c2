#!/usr/bin/env bash
# One-command install of hcl_mm and its pinned OpenMMLab stack.
#
#   bash tools/install.sh            # creates ./.venv (override: HCL_VENV)
#   bash tools/install.sh --relock   # re-resolve and rewrite the lock file
#
# Steps: a fresh virtual environment; the exact lock (requirements/
# lock-cpu-py311.txt, --no-deps so mmagic's optional heavy requirements stay
# out); mmcv 2.1.0 built with its ops against the locked torch (about 4-11
# min on 2 cores, cached by pip afterwards); hcl_mm in editable mode; an
# import check of everything the project uses.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${HCL_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
LOCK="$ROOT/requirements/lock-cpu-py311.txt"

log() { printf '\n[hcl_mm install] %s\n' "$*"; }

"$PYTHON" - <<'PY'
import sys
if sys.version_info[:2] != (3, 11):
    print(f'warning: the lock was made for CPython 3.11, this is '
          f'{sys.version.split()[0]}; pins may not all be available.')
PY

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

# Local "find-links" wheel folders (some machines carry a CPU-only
# torch 2.13.0+cpu there) would win over the locked PyPI build, whose
# torchvision cannot load against a CPU-only torch. Point find-links at an
# empty folder so that exactly the locked distributions are installed.
EMPTY_LINKS="$(mktemp -d)"
trap 'rmdir "$EMPTY_LINKS" 2>/dev/null || true' EXIT
export PIP_FIND_LINKS="$EMPTY_LINKS"
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ "${1:-}" = "--relock" ]; then
  log "re-resolving the stack into $LOCK.new"
  "$PY" -m pip install -c "$LOCK" -r "$ROOT/requirements/runtime.txt" \
    mmagic==1.2.0 pytest pytest-xdist
  "$PY" -m pip freeze --exclude-editable | grep -v '^mmcv==' > "$LOCK.new"
  log "review and move $LOCK.new over $LOCK"
  exit 0
fi

log "installing the locked stack ($(grep -c '==' "$LOCK") pins)"
"$PY" -m pip install --no-deps -r "$LOCK"

if ! "$PY" -c "import mmcv.ops" >/dev/null 2>&1; then
  log "building mmcv 2.1.0 with CPU ops against the locked torch"
  MMCV_WITH_OPS=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}" CFLAGS="${CFLAGS:--g0 -O2}" \
    "$PY" -m pip install --no-deps --no-build-isolation -r "$ROOT/requirements/mmcv.txt"
fi

log "installing hcl_mm (editable)"
"$PY" -m pip install --no-deps --no-build-isolation -e "$ROOT"

log "checking imports"
"$PY" - <<'PY'
import warnings
warnings.simplefilter('ignore')
import torch, torchvision, torchvision.ops  # noqa
import mmengine, mmcv, mmcv.ops  # noqa
import mmseg.models, mmagic.models  # noqa
import hcl_mm
from mmengine.utils.dl_utils import mmcv_full_available
assert mmcv_full_available(), 'mmcv was installed without its ops'
print(f'hcl_mm {hcl_mm.__version__}: torch {torch.__version__}, '
      f'torchvision {torchvision.__version__}, mmcv {mmcv.__version__}, '
      f'mmengine {mmengine.__version__}, CUDA available: '
      f'{torch.cuda.is_available()}')
PY
log "done: use $VENV/bin/python (or: source $VENV/bin/activate)"
