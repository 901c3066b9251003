#!/usr/bin/env bash
# Packs what a user installs into <folder>: the plugin (prepack builds it) and the runtime
# package that generated code imports (built here). Usage: scripts/pack.sh <folder>
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:?usage: scripts/pack.sh <folder>}" && realpath "$1")
cd "$repo"
npm run --silent build -w protoc-gen-livekit-runtime
npm pack --pack-destination "$out" --silent >/dev/null
npm pack -w protoc-gen-livekit-runtime --pack-destination "$out" --silent >/dev/null
ls "$out"/*.tgz
