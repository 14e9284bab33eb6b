#!/usr/bin/env bash
# `cordon build` of this build, of another build, and `checkpolicy -t Xen -c 30`, side by side on one policy.conf:
# N rounds, each running the three in turn; prints each run's wall time and peak RSS, the medians, and the median
# of the per-round ratios to checkpolicy. The machine is noisy: rounds pair runs made close together.
# Usage: bench/build-pairs.sh OTHER_JAR POLICY.conf [N]   (run from the repository root; default N=7)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
other="$1"; conf="$2"; rounds="${3:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jvm=(java "${launcher_build[@]}" -jar)
: > "$work/runs"
for i in $(seq "$rounds"); do
  cp=$(timed checkpolicy -t Xen -c 30 -o "$work/cp.bin" "$conf")
  new=$(timed "${jvm[@]}" "$jar" build "$conf" -o "$work/new.bin")
  old=$(timed "${jvm[@]}" "$other" build "$conf" -o "$work/old.bin")
  cmp -s "$work/cp.bin" "$work/new.bin" || { echo "round $i: this build's binary differs from checkpolicy's" >&2; exit 1; }
  echo "$i $cp $new $old" | tee -a "$work/runs"
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = [list(map(float, l.split()[1:])) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rows)
ratio = lambda k, base: statistics.median(r[k] / r[base] for r in rows)
print("| | checkpolicy | cordon build (this) | cordon build (other) |")
print("|---|---|---|---|")
print(f"| time, median | {med(0):.2f} s | {med(2):.2f} s | {med(4):.2f} s |")
print(f"| peak RSS, median | {med(1)/1024:.0f} MB | {med(3)/1024:.0f} MB | {med(5)/1024:.0f} MB |")
print(f"| time / checkpolicy's, median of rounds | 1 | {ratio(2, 0):.2f} | {ratio(4, 0):.2f} |")
print(f"| RSS / checkpolicy's, median of rounds | 1 | {ratio(3, 1):.2f} | {ratio(5, 1):.2f} |")
PY
