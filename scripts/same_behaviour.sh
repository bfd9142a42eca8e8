#!/usr/bin/env bash
# Does a refactoring change behaviour? Runs one scripted session of cmaplan commands on the
# shipped examples with the code of REV (default HEAD~1) and with the working tree, and compares
# every output, exit code and plan file (the random plan uid aside).
#
#   bash scripts/same_behaviour.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD~1}
python=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/old" "$rev"

session() {  # session SRC OUT: the same commands, days and widths each time
  local src=$1 out=$2 n=0 T
  mkdir -p "$out" "$work/home"
  rm -rf "${work:?}/home/"*
  run() {
    n=$((n + 1))
    PYTHONPATH=$src CMAPLAN_TODAY=$T "$python" -m cmaplan "$@" >"$out/$n.out" 2>"$out/$n.err" \
      && echo "0 $*" >>"$out/codes" || echo "$? $*" >>"$out/codes"
  }
  export CMAPLAN_PLAN=$work/home/plan.toml COLUMNS=120 NO_COLOR=1
  for ex in img-residency high-school-student undecided-cna recent-graduate military-medic \
    part-time-career-changer; do
    T=2026-12-01 run init --example "$ex" --force
    for cmd in status "status --json" timeline "timeline --json"; do T=2026-12-01 run $cmd; done
    T=2027-06-01 run check choose-program transcripts --on 2027-05-01
    T=2027-06-01 run show coursework
    T=2027-06-01 run undo
    T=2027-06-01 run status --history
    for fmt in markdown html svg answers; do T=2027-06-01 run export "$fmt"; done
    T=2027-06-01 run compare
    T=2027-06-01 run program add Valley --type certificate --accreditor CAAHEP --months 10 \
      --starts 2027-09-06
    T=2027-06-01 run program choose valley
    T=2027-06-01 run program compare
    T=2029-06-01 run timeline
    T=2027-06-01 run check nope
    T=2027-06-01 run staus
    T=2027-06-01 run check resume --on 2030-01-01
    grep -v '^uid = ' "$CMAPLAN_PLAN" >"$out/plan-$ex.toml"
  done
}
session "$work/old/src" "$work/before"
session "$PWD/src" "$work/after"
if diff -r "$work/before" "$work/after"; then
  echo "Same behaviour as $rev: $(wc -l <"$work/after/codes") commands, outputs, exit codes and plans."
else
  echo "Behaviour differs from $rev (above)." >&2
  exit 1
fi
