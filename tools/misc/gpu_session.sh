#!/usr/bin/env bash
# The prepared GPU session (docs/training_recipe.md, "On a lent GPU"): step 1r, the
# shipped detector fine-tuned on one lent GPU for a fixed budget.
#
#   bash tools/misc/gpu_session.sh pack          # here: fill .gpu/ (ignored)
#   bash tools/misc/gpu_session.sh run MINUTES [KEY=VALUE ...]  # lent machine
#
# `pack` copies what the lent machine lacks into .gpu/ (git-ignored; the
# device tool's `carry` sends it): MMEngine, MMCV's Python code,
# MMSegmentation, the mmagic subpackages the data pipeline imports and
# their small pure-Python needs, from this checkout's pinned .venv; and the
# training photos (data/photos_split/train, links resolved).
# `run` trains configs/hcl/gpu_recipe/*_gpu_finetune.py through
# tools/misc/lent_gpu_train.py from the shipped weights for MINUTES of wall
# clock, then writes to $OUT (or work_dirs/gpu_session): the log, the
# scalars, the machine's facts and the encoder + detector weights (fp32,
# optimizer dropped) of every curve point and of the last iteration.
# KEY=VALUE pairs after MINUTES go to --cfg-options (after the defaults),
# e.g. `run 9 train_dataloader.batch_size=96`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
GPU="$ROOT/.gpu"
CONFIG=configs/hcl/gpu_recipe/hcl_tiny_mix_detector_mit-b0_gpu_finetune.py

pack() {
  local sp
  sp="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  rm -rf "$GPU" && mkdir -p "$GPU/site/mmagic" "$GPU/photos/train"
  for p in mmengine mmcv mmseg addict yapf yapf_third_party termcolor platformdirs ftfy wcwidth; do
    cp -r "$sp/$p" "$GPU/site/"
  done
  cp "$sp/mmagic/__init__.py" "$sp/mmagic/version.py" "$GPU/site/mmagic/"
  cp -r "$sp/mmagic/structures" "$sp/mmagic/utils" "$GPU/site/mmagic/"
  rm -f "$GPU"/site/mmcv/_ext*.so   # built for this machine's Python
  find "$GPU/site" -name __pycache__ -prune -exec rm -rf {} +
  cp -L data/photos_split/train/* "$GPU/photos/train/"
  du -sh "$GPU"/*
}

run() {
  local minutes="${1:?minutes}" out="${OUT:-$ROOT/work_dirs/gpu_session}"
  shift
  local work=/tmp/gpu_session
  mkdir -p "$out"
  export PYTHONPATH="$GPU/site:$ROOT" PYTHONUNBUFFERED=1
  export TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1
  { nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
    nproc
    python3 -c 'import torch, numpy, cv2; print(torch.__version__, torch.cuda.is_available(), numpy.__version__, cv2.__version__)'
  } > "$out/machine.txt" 2>&1 || true
  cat "$out/machine.txt"
  # the budget plus start-up; a hung run still leaves time to collect
  set +e
  timeout "$(python3 -c "print(int($minutes * 60 + 90))")" \
    python3 tools/misc/lent_gpu_train.py "$CONFIG" --work-dir "$work" \
    --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth \
    data_root="$GPU/photos/train" content_root="$GPU/photos/train" \
    minutes="$minutes" "$@" 2>&1 | tee "$out/train.log"
  echo "train exit: ${PIPESTATUS[0]}"
  set -e
  cp "$work"/*/vis_data/scalars.json "$out/" 2>/dev/null || true
  python3 - "$work" "$out" <<'PY'
import glob, os.path as osp, sys, torch
work, out = sys.argv[1:]
for path in sorted(glob.glob(osp.join(work, '*.pth'))):
    ckpt = torch.load(path, map_location='cpu', weights_only=False)
    state = {k: v for k, v in ckpt['state_dict'].items()
             if k.startswith(('encoder.', 'mask_detector.'))}
    meta = {k: ckpt.get('meta', {}).get(k) for k in ('iter', 'epoch')}
    dst = osp.join(out, 'det_' + osp.basename(path))
    torch.save(dict(meta=meta, state_dict=state), dst)
    print(dst, meta, sum(v.numel() for v in state.values()))
PY
}

case "${1:-}" in
  pack) pack ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 pack | run MINUTES [KEY=VALUE ...]" >&2; exit 2 ;;
esac
