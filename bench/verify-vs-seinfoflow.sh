#!/usr/bin/env bash
# All-pairs isolation by `cordon verify --policy` against ONE `seinfoflow -S` query (setools, with the
# permission map Cordon exports), whole process, side by side in one run, on two binaries of the same
# fleet of 1,000 VMs in 100 classes: Cordon's own compilation (one type per class), and Xen's xen.if
# pattern with one type per domain (all pairs among the first 100 domains there).
# Usage: bench/verify-vs-seinfoflow.sh   — run from the repository root; needs setools (seinfoflow)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cp="$(bench_cp)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jvm=(java "${launcher_binary[@]}" -jar "$jar")
cordon() { "${jvm[@]}" "$@"; }

java -cp "$cp" org.cordon.bench.GenerateCordonFleet 1000 100 "$work/fleet.cordon"
cordon compile "$work/fleet.cordon" -o "$work/out" --no-verify >/dev/null   # strong classes that talk: verdicts expected
java -cp "$cp" org.cordon.bench.GenerateXenPattern "$vectors" 1000 "$work/xen-pattern.conf"
cordon build "$work/xen-pattern.conf" -o "$work/xen-pattern.bin" >/dev/null
cordon permmap -o "$work/xen.perm_map"

echo "| binary | size | cordon verify, all 4,950 pairs | RSS | seinfoflow -S, one pair | RSS |"
echo "|---|---|---|---|---|---|"
for case in "cordon:$work/out/xenpolicy:c%d_t" "xen.if:$work/xen-pattern.bin:vm%d_t"; do
  IFS=: read -r name bin pattern <<<"$case"
  types=$(for i in $(seq 0 99); do printf "$pattern," "$i"; done); types=${types%,}
  c=$(timed "${jvm[@]}" verify --policy "$bin" --isolate "$types" --trust dom0_t || true)
  s=$(timed seinfoflow -m "$work/xen.perm_map" -p "$bin" -s "$(printf "$pattern" 0)" -t "$(printf "$pattern" 99)" -S)
  printf "| %s | %s B | %s s | %s KB | %s s | %s KB |\n" "$name" "$(stat -c %s "$bin")" "${c%% *}" "${c##* }" "${s%% *}" "${s##* }"
done
