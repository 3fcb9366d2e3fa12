#!/bin/bash
# Runs on a lent GPU machine, in the repository's root, with carry [".device", ".gl"] (made by
# scripts/gpu-machine-kit.sh): unpacks Node, ffmpeg and the packages, points Vulkan at NVIDIA's driver,
# then runs the bench through Dawn (BENCH_GPU_HOST=node): the golden sets' hashes, and raw frames and
# MP4 at 1080p and 4K on the synthetic and the real day. The tables go to $OUT.
# GPU_RUN_PARTS=golden,render,realday picks parts (default all three); GPU_RUN_TAG is added to the
# names of the files written to $OUT (the tables PART.txt and CPU by thread, threads.txt);
# GPU_RUN_NODE_FLAGS are given to node (e.g. --cpu-prof --cpu-prof-dir=$OUT/prof).
# PORTGLOW_DAWN_POLL=gentle (with GPU_RUN_TAG=-gentle, say) renders with Dawn's polls 1 ms apart, where
# a real GPU on 8+ cores would poll at once (src/host/dawn/gentle-polling.ts): not yet measured there.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d)}
K=.device
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma,sys,shutil; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
mkdir -p /tmp/bin
unxz $K/node.xz >/tmp/bin/node && unxz $K/ffmpeg.xz >/tmp/bin/ffmpeg && chmod +x /tmp/bin/node /tmp/bin/ffmpeg || exit 2
export PATH=/tmp/bin:$PATH
unxz $K/modules.tar.xz | tar x || exit 2
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f $ICD ]; then
  export VK_DRIVER_FILES=$ICD __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
{
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv
  nproc
  grep -m1 'model name' /proc/cpuinfo
  node --version
  ffmpeg -hide_banner -version | head -1
} 2>&1 | tee "$OUT/machine.txt"
export BENCH_GPU_HOST=node BENCH_FIRST_FRAME=none BENCH_OUTPUTS=${BENCH_OUTPUTS:-raw,mp4} BENCH_REAL_DATA=$K/marx.csv.gz
export BENCH_RENDER_SIZES=${BENCH_RENDER_SIZES:-1080p,4K} BENCH_REAL_SIZES=${BENCH_REAL_SIZES:-1080p,4K}
T=${GPU_RUN_TAG:-}
python3 scripts/cpu-by-thread.py "$OUT/threads$T.txt" &
sampler=$!
for part in $(echo "${GPU_RUN_PARTS:-golden,render,realday}" | tr , ' '); do
  echo "== $part $(date -u +%T)"
  # shellcheck disable=SC2086
  BENCH=$part node ${GPU_RUN_NODE_FLAGS:-} $K/bench.js 2>&1 | tee "$OUT/$part$T.txt" || echo "== $part failed"
done
kill $sampler
echo "== done $(date -u +%T)"
