#!/usr/bin/env bash
# Whole-process `cordon check` of this build against another build's jar on the same sources, in pairs: each
# pair runs both, in alternating order, so a slow minute on this shared machine slows both sides. Prints each
# side's median and the median of the per-pair ratios (this build / the other).
# Usage: bench/check-vs-previous.sh OTHER_JAR RUNS FILE...   — run from the repository root
# Class-data-sharing archives, as each build's launcher makes them: NEW_CDS=FILE and OTHER_CDS=FILE (none by default).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
other="$1"; runs="$2"; shift 2
new="$jar"
[ -f "$new" ] || bench_build

cds() { [ -n "${1:-}" ] && echo "-XX:SharedArchiveFile=$1 -Xlog:cds=off -Xlog:cds+dynamic=off"; true; }
new_cds=$(cds "${NEW_CDS:-}"); other_cds=$(cds "${OTHER_CDS:-}")

seconds() { # wall time of one `cordon check` with the launcher's JVM options; the exit code is the verdict
  local start end cds="$1"; shift
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # $cds is a list of options
  java $cds "${launcher_fast[@]}" -jar "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e9}'
}

echo "| sources | this build (median) | other build (median) | ratio, median of pairs |"
echo "|---|---|---|---|"
for file in "$@"; do
  news=(); olds=(); ratios=()
  for i in $(seq "$runs"); do
    if [ $((i % 2)) -eq 0 ]; then
      n=$(seconds "$new_cds" "$new" check "$file"); o=$(seconds "$other_cds" "$other" check "$file")
    else
      o=$(seconds "$other_cds" "$other" check "$file"); n=$(seconds "$new_cds" "$new" check "$file")
    fi
    news+=("$n"); olds+=("$o"); ratios+=("$(awk -v n="$n" -v o="$o" 'BEGIN {printf "%.3f\n", n / o}')")
  done
  printf "| %s (%s lines) | %s s | %s s | %s |\n" "$(basename "$file")" "$(wc -l < "$file")" \
    "$(printf '%s\n' "${news[@]}" | median)" "$(printf '%s\n' "${olds[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)"
done
