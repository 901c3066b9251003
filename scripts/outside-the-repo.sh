#!/usr/bin/env bash
# The outside-the-repo test: the plugin as a user installs it, on the `node` in PATH.
#  1. npm pack the plugin (prepack builds it);
#  2. a new project in a temporary folder outside the repository ("type": "module");
#  3. npm install the tarball, buf, protoc-gen-es, typescript, @types/node and the runtime
#     dependencies (@bufbuild/protobuf, zod) at the versions package-lock.json pins, from npm's
#     cache where it has them (--prefer-offline);
#  4. npx buf generate (a) the repository's proto/ with its sidecars, as the README shows, and
#     (b) test/outside/api, a made-up Twirp API with every construct the plugin handles;
#  5. tsc: the generated code and the program in test/outside/src under strict,
#     exactOptionalPropertyTypes, noUncheckedIndexedAccess, noUnusedLocals, noUnusedParameters
#     and verbatimModuleSyntax; any diagnostic fails;
#  6. node dist/main.js: one call of each generated client and every RPC of the made-up API
#     against a loopback server on 127.0.0.1, with assertions on what was sent and received.
# Prints the time of each step. Usage: scripts/outside-the-repo.sh [--tarball <file>]
# (--tarball reuses a tarball from an earlier `npm pack`, for runs on several Node versions).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tarball=""
if [ "${1:-}" = --tarball ]; then tarball=$(realpath "${2:?--tarball needs a file}"); fi

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

pack() {
  (cd "$repo" && npm pack --pack-destination "$work" --silent >/dev/null)
  tarball=$(ls "$work"/*.tgz)
}

# Its name, size and files, as `npm pack` made it.
list_tarball() {
  echo "$(basename "$tarball"): $(stat -c %s "$tarball") bytes"
  tar -tvzf "$tarball" | awk '{ printf "  %7d  %s\n", $3, $6 }'
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
  npm install "${npm_options[@]}" --save-dev "$tarball" \
    "@bufbuild/buf@$(pinned @bufbuild/buf)" "@bufbuild/protoc-gen-es@$(pinned @bufbuild/protoc-gen-es)" \
    "typescript@$(pinned typescript)" "@types/node@$(pinned @types/node)"
  npm install "${npm_options[@]}" "@bufbuild/protobuf@$(pinned @bufbuild/protobuf)" "zod@$(pinned zod)"
  npm ls --depth=0
}

typecheck() {
  cd "$project"
  npx tsc -p tsconfig.json
  echo "zero diagnostics; $(find dist -name '*.js' | wc -l) files emitted"
}

if [ -z "$tarball" ]; then step "npm pack (prepack builds the plugin)" pack; fi
list_tarball
echo "Node.js $(node --version), npm $(npm --version); project: $project"
step "create the project (type module, proto/ and test/outside)" create_project
step "npm install (--prefer-offline)" install_packages
step "buf generate (a) proto/ (LiveKit, sidecar_dir=proto)" bash -c 'cd "$1" && npx buf generate' _ "$project"
step "buf generate (b) api/ (acme: every construct)" bash -c 'cd "$1" && npx buf generate --template buf.gen.acme.yaml' _ "$project"
step "tsc (strict and the rest)" typecheck
step "run every client against a loopback server" bash -c 'cd "$1" && node dist/main.js' _ "$project"

echo "outside-the-repo test passed on Node.js $(node --version):"
print_timings
