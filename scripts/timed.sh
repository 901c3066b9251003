# Sourced by .ci/run and scripts/outside-the-repo.sh. `step <name> <command...>` announces a
# step, runs it (failing as it fails) and records its time; `print_timings` lists the steps.
timings=()

step() {
  local name=$1 started ms
  shift
  echo "== $name"
  started=$(date +%s%N)
  "$@"
  ms=$((($(date +%s%N) - started) / 1000000))
  timings+=("$(printf '%5d.%d s  %s' $((ms / 1000)) $((ms % 1000 / 100)) "$name")")
}

print_timings() {
  printf '%s\n' "${timings[@]}"
}
