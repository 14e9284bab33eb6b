#!/usr/bin/env bash
# Whole-process `cordon compile` of this build against another build's jar, with `checkpolicy` on a policy.conf beside
# them, in rounds: each round compiles into a fresh output directory with both builds, in alternating order, then
# runs checkpolicy, so a slow minute on this shared machine slows all three. Prints each run's milliseconds, then the
# medians and the medians of the per-round ratios.
# Usage: bench/compile-vs-previous.sh OTHER_JAR ROUNDS FILE.cordon POLICY.conf   — run from the repository root
#   e.g. bench/compile-vs-previous.sh ../base/cli/target/cordon.jar 7 /tmp/fleet.cordon /tmp/xp.conf
#   (GenerateCordonFleet 1000 100 /tmp/fleet.cordon channels; GenerateXenPattern ../shared/vectors 1000 /tmp/xp.conf)
# Class-data-sharing archives, as each build's launcher makes them: NEW_CDS=FILE and OTHER_CDS=FILE (none by default).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
other="$1"; rounds="$2"; file="$3"; conf="$4"
new="$jar"
[ -f "$new" ] || bench_build

cds() { [ -n "${1:-}" ] && echo "-XX:SharedArchiveFile=$1 -Xlog:cds=off"; true; }
new_cds=$(cds "${NEW_CDS:-}"); other_cds=$(cds "${OTHER_CDS:-}")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

compile() { # milliseconds of one `cordon compile` into a fresh directory, with the launcher's JVM options
  local cds="$1" jar="$2"
  rm -rf "$out/compiled"
  # shellcheck disable=SC2086 # $cds is a list of options
  ms java $cds "${launcher_fast[@]}" -jar "$jar" compile "$file" -o "$out/compiled"
  [ -f "$out/compiled/xenpolicy" ] || { echo "bench: $jar compile $file wrote no xenpolicy" >&2; exit 1; }
}

rows="$out/rows"
echo "round this other checkpolicy (ms)"
for i in $(seq "$rounds"); do
  if [ $((i % 2)) -eq 1 ]; then
    o=$(compile "$other_cds" "$other"); n=$(compile "$new_cds" "$new")
  else
    n=$(compile "$new_cds" "$new"); o=$(compile "$other_cds" "$other")
  fi
  r=$(ms checkpolicy -t Xen -c 30 -o "$out/ref.bin" "$conf")
  echo "$i $n $o $r" | tee -a "$rows"
done
ratio() { awk -v a="$1" -v b="$2" '{printf "%.3f\n", $a / $b}' "$rows" | median; }
echo "| this build | other build | checkpolicy | this / other | this / checkpolicy | other / checkpolicy |"
echo "|---|---|---|---|---|---|"
printf "| %s ms | %s ms | %s ms | %s | %s | %s |\n" "$(awk '{print $2}' "$rows" | median)" \
  "$(awk '{print $3}' "$rows" | median)" "$(awk '{print $4}' "$rows" | median)" "$(ratio 2 3)" "$(ratio 2 4)" \
  "$(ratio 3 4)"
