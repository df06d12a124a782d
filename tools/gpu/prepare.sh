#!/usr/bin/env bash
# Run HERE (the build machine): builds the addon and packs what the GPU machine needs into
# tools/gpu/build/ (Node as xz, the addon, the bundled check, MobileNetV2 224 where
# tools/bench has it). Then, on the GPU machine:
#   bash tools/gpu/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tools/gpu/build
mkdir -p "$out"
node packages/backend-cuda/scripts/build-addon.mjs
test -f packages/backend-cuda/build/Release/tg_cuda.node
cp packages/backend-cuda/build/Release/tg_cuda.node "$out/tg_cuda.node"
rm -f "$out/node"  # an unpacked Node from a local run.sh: too big to carry
# One tsconfig for every file, whose paths map each @tensorgraph package to its sources.
npx esbuild tools/gpu/gpu-check.ts --bundle --platform=node --format=esm --target=node20 \
  --tsconfig=tools/gpu/tsconfig.json --alias:vitest=./tools/gpu/vitest-shim.ts \
  --outfile="$out/gpu-check.mjs" --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
if [ ! -s "$out/node.xz" ]; then xz -6 -T2 -c "$(command -v node)" > "$out/node.xz"; fi
# tools/bench's frozen MobileNetV2 224 (npm run bench:cpu makes it), only when the working
# tree (tracked files) plus this folder stays under the device tool's 64 MiB.
pb224=tools/bench/.cache/mobilenet_v2_224.pb
rm -f "$out/mobilenet_v2_224.pb"
tree_bytes=$(git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s += $1} END {print s}')
build_bytes=$(du -sb "$out" | cut -f1)
if [ -f "$pb224" ] && [ $((tree_bytes + build_bytes + $(stat -c %s "$pb224"))) -le 67108864 ]; then
  cp "$pb224" "$out/"
else
  echo "MobileNetV2 224 left out (absent, or the carried tree would pass 64 MiB): the GPU run times only the zoo's MobileNetV2"
fi
ls -la "$out"
du -sh "$out"
