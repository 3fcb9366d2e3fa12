#!/usr/bin/env bash
# Set-up on a fresh Debian/Ubuntu machine: Chromium (WebGPU through SwiftShader when there is no GPU)
# and ffmpeg from apt when missing, then the npm dependencies (whose `prepare` builds dist/).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${PORTGLOW_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund
