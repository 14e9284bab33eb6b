#!/usr/bin/env bash
# Whole-process `cordon build` against `checkpolicy -t Xen -c 30` on the same policy.conf files, side by
# side in one run: Xen's default policy, the 100-domain vector, and N-domain policies in xen.if's pattern.
# Reports wall time (best of RUNS) and peak RSS, and checks the two binaries are byte-identical.
# Usage: bench/build-vs-checkpolicy.sh [N...]   (default: 1000)   — run from the repository root
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${RUNS:-3}"
sizes=("${@:-1000}")
cp="$(bench_cp)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

inputs=("$vectors/flask/xen-4.22.0/policy.conf" "$vectors/flask/scale-100/policy-100.conf")
for n in "${sizes[@]}"; do
  java -cp "$cp" org.cordon.bench.GenerateXenPattern "$vectors" "$n" "$work/xen-pattern-$n.conf"
  inputs+=("$work/xen-pattern-$n.conf")
done

measure() { # prints "seconds peak_kb" of the best run
  local best="" line
  for _ in $(seq "$runs"); do
    line=$(timed "$@")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then best="$line"; fi
  done
  echo "$best"
}

echo "| input | policy.conf | checkpolicy | checkpolicy RSS | cordon build | cordon RSS | binary | identical |"
echo "|---|---|---|---|---|---|---|---|"
for conf in "${inputs[@]}"; do
  name="$(basename "$conf")"
  cpres=$(measure checkpolicy -t Xen -c 30 -o "$work/cp.bin" "$conf")
  cores=$(measure java "${launcher_build[@]}" -jar "$jar" build "$conf" -o "$work/cordon.bin")
  same=no; cmp -s "$work/cp.bin" "$work/cordon.bin" && same=yes
  printf "| %s | %s B | %s s | %s KB | %s s | %s KB | %s B | %s |\n" "$name" "$(stat -c %s "$conf")" \
    "${cpres%% *}" "${cpres##* }" "${cores%% *}" "${cores##* }" "$(stat -c %s "$work/cp.bin")" "$same"
done
