#!/usr/bin/env bash
# The outside-the-repo test: the plugin as a user installs it, on the `node` in PATH.
#  1. npm pack the plugin (prepack builds it) and the runtime package;
#  2. a new project in a temporary folder outside the repository ("type": "module");
#  3. npm install the plugin's tarball, buf, protoc-gen-es, typescript, @types/node, and what
#     generated code imports: the runtime's tarball, @bufbuild/protobuf and zod, at the versions
#     package-lock.json pins, from npm's cache where it has them (--prefer-offline);
#  4. npx buf generate (a) the repository's proto/ with no sidecar_dir (grants built in), and
#     (b) test/outside/api, a made-up Twirp API with every construct the plugin handles;
#  5. tsc: the generated code and the program in test/outside/src under strict,
#     exactOptionalPropertyTypes, noUncheckedIndexedAccess, noUnusedLocals, noUnusedParameters
#     and verbatimModuleSyntax; any diagnostic fails;
#  6. node dist/main.js: one call of each generated client and every RPC of the made-up API
#     against a loopback server on 127.0.0.1, with assertions on what was sent and received.
# Prints the time of each step. Usage: scripts/outside-the-repo.sh [--packed <folder>]
# (--packed reuses the two tarballs of an earlier run of scripts/pack.sh, for several Node versions).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
packed=""
if [ "${1:-}" = --packed ]; then packed=$(realpath "${2:?--packed needs a folder}"); fi

work=$(mktemp -d "${TMPDIR:-/tmp}/outside-the-repo-XXXXXX")
# OUTSIDE_KEEP=1 keeps the project for a look after the run.
trap 'if [ -n "${OUTSIDE_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
project=$work/project
case "$project/" in "$repo"/*) echo "the project must be outside the repository" >&2; exit 1 ;; esac

# shellcheck source=scripts/timed.sh
source "$repo/scripts/timed.sh"

# The version of a package that package-lock.json pins (what the repository is tested with).
pinned() {
  node -e 'const lock = require(process.argv[1]); process.stdout.write(lock.packages["node_modules/" + process.argv[2]].version)' \
    "$repo/package-lock.json" "$1"
}

# Their names, sizes and files, as `npm pack` made them.
list_tarballs() {
  for tarball in "$packed"/*.tgz; do
    echo "$(basename "$tarball"): $(stat -c %s "$tarball") bytes"
    tar -tvzf "$tarball" | awk '{ printf "  %7d  %s\n", $3, $6 }'
  done
}

create_project() {
  mkdir -p "$project"
  cp -R "$repo/test/outside/." "$project/"
  cp -R "$repo/proto" "$project/proto"
  printf '{ "name": "outside-the-repo", "private": true, "type": "module" }\n' >"$project/package.json"
}

install_packages() {
  cd "$project"
  local npm_options=(--prefer-offline --no-audit --no-fund --save-exact --loglevel=error)
  npm install "${npm_options[@]}" --save-dev "$packed"/protoc-gen-livekit-[0-9]*.tgz \
    "@bufbuild/buf@$(pinned @bufbuild/buf)" "@bufbuild/protoc-gen-es@$(pinned @bufbuild/protoc-gen-es)" \
    "typescript@$(pinned typescript)" "@types/node@$(pinned @types/node)"
  npm install "${npm_options[@]}" "$packed"/protoc-gen-livekit-runtime-[0-9]*.tgz \
    "@bufbuild/protobuf@$(pinned @bufbuild/protobuf)" "zod@$(pinned zod)"
  npm ls --depth=0
}

typecheck() {
  cd "$project"
  npx tsc -p tsconfig.json
  echo "zero diagnostics; $(find dist -name '*.js' | wc -l) files emitted"
}

if [ -z "$packed" ]; then
  packed=$work/packed
  step "npm pack the plugin and the runtime" "$repo/scripts/pack.sh" "$packed"
fi
list_tarballs
echo "Node.js $(node --version), npm $(npm --version); project: $project"
step "create the project (type module, proto/ and test/outside)" create_project
step "npm install (--prefer-offline)" install_packages
step "buf generate (a) proto/ (LiveKit, grants built in)" bash -c 'cd "$1" && npx buf generate' _ "$project"
step "buf generate (b) api/ (acme: every construct)" bash -c 'cd "$1" && npx buf generate --template buf.gen.acme.yaml' _ "$project"
step "tsc (strict and the rest)" typecheck
step "run every client against a loopback server" bash -c 'cd "$1" && node dist/main.js' _ "$project"

echo "outside-the-repo test passed on Node.js $(node --version):"
print_timings
