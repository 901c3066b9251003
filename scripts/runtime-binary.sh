#!/usr/bin/env bash
# Prints the path of the official binary of a JavaScript runtime at a version, for the tests that
# run the generated client and server on it (test/integration/runtimes/):
#   scripts/runtime-binary.sh bun 1.4.5
#   scripts/runtime-binary.sh deno 2.9.6
#   scripts/runtime-binary.sh workerd 1.20261123.1
# Each comes from the npm package that carries the Linux x86-64 build (the one that the packages
# `bun`, `deno` and `workerd` install as their optional dependency; their own postinstall only
# copies it out of that package), is fetched once with `npm pack` (npm checks the tarball against
# the registry's integrity hash; --prefer-offline uses its cache), and is cached in
# ~/.cache/protoc-gen-livekit-runtimes/<name>/<version>/<name>, as scripts/node-binary.sh does for
# Node.js. The binary is run once (--version) to check that it is the version asked for.
set -euo pipefail

usage="usage: scripts/runtime-binary.sh <bun|deno|workerd> <version>"
name=${1:?$usage}
version=${2:?$usage}
cache=${PROTOC_GEN_LIVEKIT_RUNTIMES_CACHE:-$HOME/.cache/protoc-gen-livekit-runtimes}

# package: the npm package; member: the binary's path in its tarball; expected: the first line
# of `<binary> --version`, up to its second space.
case "$name" in
  bun)
    package=@oven/bun-linux-x64
    member=package/bin/bun
    expected=$version
    ;;
  deno)
    package=@deno/linux-x64-glibc
    member=package/deno
    expected="deno $version"
    ;;
  workerd)
    # workerd's versions are 1.YYYYMMDD.N; the binary prints the date: `workerd YYYY-MM-DD`.
    package=@cloudflare/workerd-linux-64
    member=package/bin/workerd
    if [[ ! "$version" =~ ^1\.([0-9]{4})([0-9]{2})([0-9]{2})\.[0-9]+$ ]]; then
      echo "scripts/runtime-binary.sh: a workerd version is 1.YYYYMMDD.N, not $version" >&2
      exit 2
    fi
    expected="workerd ${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]}"
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "scripts/runtime-binary.sh: expected an exact version such as 1.2.3, not $version" >&2
  exit 2
fi
bin=$cache/$name/$version/$name

if [ ! -x "$bin" ]; then
  if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
    echo "scripts/runtime-binary.sh: $package is for Linux on x86-64 only, not $(uname -s)-$(uname -m)" >&2
    exit 1
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && npm pack "$package@$version" --prefer-offline --loglevel=error >"$work/packed" 2>"$work/npm.log"); then
    echo "scripts/runtime-binary.sh: npm pack $package@$version failed:" >&2
    cat "$work/npm.log" >&2
    exit 1
  fi
  tar -xzf "$work/$(tail -n 1 "$work/packed")" -C "$work" "$member"
  mkdir -p "$(dirname "$bin")"
  # Moved into place last, so that an interrupted download never leaves a broken binary.
  mv "$work/$member" "$bin.partial.$$"
  chmod +x "$bin.partial.$$"
  mv "$bin.partial.$$" "$bin"
fi

printed=$("$bin" --version 2>&1) || true
first_line=${printed%%$'\n'*}
actual=$(echo "$first_line" | cut -d ' ' -f 1-2)
if [ "$actual" != "$expected" ]; then
  echo "scripts/runtime-binary.sh: $bin --version prints \"$first_line\", not \"$expected\"" >&2
  exit 1
fi
echo "$bin"
