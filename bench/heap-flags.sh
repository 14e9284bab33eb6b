#!/usr/bin/env bash
# One cordon command under two sets of JVM flags added to the launcher's compiler and collector choice
# (-XX:+UseParallelGC -XX:TieredStopAtLevel=1), side by side: N rounds, each running both in turn (the machine is
# noisy); prints each run's wall time and peak RSS, the medians and the median of per-round ratios.
# Usage: bench/heap-flags.sh "FLAGS A" "FLAGS B" N cordon-arguments...   (run from the repository root)
#   e.g. bench/heap-flags.sh "" "-Xms32m" 7 check /tmp/editor-1000.cordon   ("" = nothing added)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
a="$1"; b="$2"; rounds="$3"; shift 3
base=("${launcher_jit_gc[@]}")
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for i in $(seq "$rounds"); do
  # shellcheck disable=SC2086
  ra=$(timed java "${base[@]}" $a -jar "$jar" "$@")
  # shellcheck disable=SC2086
  rb=$(timed java "${base[@]}" $b -jar "$jar" "$@")
  echo "$i $ra $rb" | tee -a "$out"
done
python3 - "$out" "$a" "$b" <<'PY'
import statistics, sys
rows = [list(map(float, l.split()[1:])) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rows)
print(f"| flags | time, median | peak RSS, median |")
print("|---|---|---|")
print(f"| `{sys.argv[2] or '(none added)'}` | {med(0):.2f} s | {med(1)/1024:.0f} MB |")
print(f"| `{sys.argv[3]}` | {med(2):.2f} s | {med(3)/1024:.0f} MB |")
print(f"| B / A, median of rounds | {statistics.median(r[2]/r[0] for r in rows):.3f} | {statistics.median(r[3]/r[1] for r in rows):.3f} |")
PY
