#!/usr/bin/env bash
# Run ON THE GPU MACHINE from the repository root, after tools/gpu/prepare.sh ran on the
# build machine and tools/gpu/build was carried over:
#   bash tools/gpu/run.sh [gpu-check flags, e.g. --zoo-max-kib=100 --skip=bench]
# Prints the golden-case results of the CUDA kernels, a GPU-pinned Session run, the
# conformance session group and model zoo on GPU, MobileNetV2 timings (GPU and CPU backend),
# MatMul/Conv2D timings next to PyTorch's, and a summary table. Results also land in $OUT
# (or tools/gpu/build). Hard time limits keep the whole run under 540 s.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=tools/gpu/build
out=${OUT:-$build}
node="${TMPDIR:-/tmp}/tg-node-$$"
if [ ! -x "$node" ]; then
  # xz, or Python's lzma where xz is not installed.
  { xz -dc "$build/node.xz" 2>/dev/null ||
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$build/node.xz"; } > "$node.tmp" &&
    mv "$node.tmp" "$node" && chmod +x "$node"
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
# cuBLAS: the addon looks on the library path and in /usr/local/cuda; PyTorch's wheel is
# the fallback here (dlopen'd at first use).
if [ -z "${TG_CUBLAS_PATH:-}" ]; then
  TG_CUBLAS_PATH=$(python3 - <<'PY' 2>/dev/null
import glob, os
try:
    import nvidia as m
    # nvidia/cublas/lib (CUDA 12 wheels) or nvidia/cu13/lib (CUDA 13 wheels).
    root = list(m.__path__)[0]
    hits = sorted(glob.glob(os.path.join(root, "*", "lib", "libcublas.so.*")))
    print(hits[0] if hits else "")
except Exception:
    print("")
PY
)
  export TG_CUBLAS_PATH
fi
# cuBLAS needs cuBLASLt beside it.
[ -n "${TG_CUBLAS_PATH:-}" ] && export LD_LIBRARY_PATH="$(dirname "$TG_CUBLAS_PATH"):${LD_LIBRARY_PATH:-}"
echo "cuBLAS: ${TG_CUBLAS_PATH:-system search path}"
fixtures=packages/conformance/fixtures/ops
[ -d "$fixtures" ] && ls "$fixtures"/*.json >/dev/null 2>&1 || fixtures=tools/oracle/fixtures/kernels
# gpu-check shortens its later phases to fit --budget-s; timeout is the backstop.
TG_CUDA_ADDON="$PWD/$build/tg_cuda.node" timeout -k 5 420 "$node" "$build/gpu-check.mjs" \
  "$fixtures" "$out" "$@" --budget-s=360
rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
  echo "gpu-check ran past 420 s and was stopped ($out/gpu-check.json holds the phases done)"
  rc=1
fi
echo
timeout -k 5 90 python3 tools/gpu/bench_torch.py "$out/bench-torch.json" || echo "PyTorch benchmark failed"
python3 tools/gpu/summary.py "$out" || true
rm -f "$node"
exit $rc
