#!/usr/bin/env bash
# Every goal of the performance issue in one run, Cordon and the reference tool side by side (docs/PERFORMANCE.md,
# "All the goals in one run"): N rounds (default 5), each running every row, Cordon and the reference in turn (Cordon
# first in odd rounds, the reference in even ones: the machine is noisy); then one Markdown line per goal: Cordon's
# median, the reference's, the median of the per-round ratios, the goal, met or not. Builds the CLI jar and the bench
# classes first (offline Maven, this tree's modules) and the class-data-sharing archive ./cordon makes for that jar;
# the one-shot commands run with the launcher's JVM options and archive, `cordon lsp` through ./cordon itself.
# A missing reference tool or input is said on the console and its row marked "not run: why".
# Usage: bench/run-all.sh [ROUNDS] [--quick] [-o FILE]
#   --quick   small sizes and 1 round (unless ROUNDS is given): checks that the script works; not for recording
#   -o FILE   the table also to FILE (it always goes to standard output; progress goes to standard error)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: bench/run-all.sh [ROUNDS] [--quick] [-o FILE]"
rounds=""; quick=0; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    -o) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; out="$2"; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *[!0-9]*|''|0) echo "$usage" >&2; exit 2 ;;
    *) rounds="$1" ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  rounds="${rounds:-1}"
  domains=100                       # xen.if pattern: rows 1, 2 (reference) and 7
  fleet=(100 10)                    # VMs, classes: row 2
  editor=100                        # classes of the editor policy: row 4
  lsp_small=(100 5 2); lsp_large=(500 3 1)   # classes, edits, edits before them: row 5
  place_small=(10 100 2 3); place_large=(100 1000 20 10)   # hosts, VMs, conflict sets, zones: row 6
else
  rounds="${rounds:-5}"
  domains=1000
  fleet=(1000 100)
  editor=1000
  lsp_small=(1000 30 10); lsp_large=(4994 8 2)   # 2,012 and 10,000 lines
  place_small=(100 1000 20 3); place_large=(1000 10000 200 10)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
load="$(cut -d' ' -f1-3 /proc/loadavg)"
say() { echo "run-all: $*" >&2; }
# thousands separators: 24848958 -> 24,848,958
n() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# the raw figures, for bench/run-all-table.py: rows.tsv (row id, what it measures, in order), runs.tsv (row id, round,
# key, value) and notrun.tsv (row id, side: row or ref, why)
: > "$work/rows.tsv"; : > "$work/runs.tsv"; : > "$work/notrun.tsv"
row() { printf '%s\t%s\n' "$1" "$2" >> "$work/rows.tsv"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$work/runs.tsv"; }
notrun() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$work/notrun.tsv"; say "$1: $([ "$2" = ref ] && echo "reference ")not run: $3"; }

[ -x /usr/bin/time ] || { say "/usr/bin/time is needed (apt-get install time)"; exit 2; }
no_checkpolicy=""; command -v checkpolicy >/dev/null || no_checkpolicy="checkpolicy not found (apt-get install checkpolicy)"
no_seinfoflow=""; command -v seinfoflow >/dev/null || no_seinfoflow="seinfoflow not found (apt-get install setools)"
xen_default="$vectors/flask/xen-4.22.0/policy.conf"
no_vectors=""; [ -f "$xen_default" ] || no_vectors="no conformance vectors: $xen_default is missing (CORDON_VECTORS)"

say "building the CLI and the bench classes (offline Maven)..."
bench_build
cp="$(bench_cp)"
bench() { java -cp "$cp" "org.cordon.bench.$1" "${@:2}"; }
# ./cordon rebuilds and installs the CLI when a source is newer than the jar; here it must not (it would measure
# another jar, and install into ~/.m2): a mvn that refuses stands first on the PATH of what runs ./cordon
mkdir "$work/nomvn"
printf '#!/bin/sh\necho "run-all: ./cordon wanted to rebuild the CLI just built; stopped" >&2\nexit 1\n' > "$work/nomvn/mvn"
chmod +x "$work/nomvn/mvn"
guarded() { PATH="$work/nomvn:$PATH" "$@"; }
guarded "$root/cordon" --version >/dev/null   # makes the class-data-sharing archive of this jar, cli/target/cordon.jsa
jsa="$root/cli/target/cordon.jsa"
cds=()
if [ -s "$jsa" ] && java -XX:SharedArchiveFile="$jsa" -Xshare:on "${launcher_fast[@]}" -jar "$jar" --version >/dev/null 2>&1; then
  cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off)
  cds_note="with the launcher's class-data-sharing archive"
else
  cds_note="WITHOUT class-data sharing ($jsa missing or not loadable; slower than ./cordon)"
  say "the one-shot commands run $cds_note"
fi
# a one-shot command as ./cordon runs it
cordon=(java "${cds[@]}" "${launcher_fast[@]}" -jar "$jar")
cordon_build=(java "${cds[@]}" "${launcher_build[@]}" -jar "$jar")     # build, as ./cordon runs it
cordon_binary=(java "${cds[@]}" "${launcher_binary[@]}" -jar "$jar")   # verify --policy, as ./cordon runs it

say "generating the inputs..."
xp="$work/xen-pattern.conf"; xp_bin="$work/xen-pattern.bin"
if [ -z "$no_vectors" ]; then
  bench GenerateXenPattern "$vectors" "$domains" "$xp"
  "${cordon_build[@]}" build "$xp" -o "$xp_bin" >/dev/null
fi
bench GenerateCordonFleet "${fleet[@]}" "$work/fleet.cordon" channels
bench GenerateEditorPolicy "$editor" "$work/editor.cordon"
"${cordon[@]}" permmap -o "$work/xen.perm_map"
editor_lines() { bench GenerateEditorPolicy "$1" "$work/lines.cordon" && wc -l < "$work/lines.cordon"; }
flow_types=$(for i in $(seq 0 99); do printf "vm%d_t," "$i"; done); flow_types=${flow_types%,}

# side ROW ROUND NAME EXPECTED_EXIT CMD...: one timed run; records NAME_s and NAME_kb, or NAME_rc when the exit status
# is not the expected one (said on the console with the end of the output)
side() {
  local row=$1 i=$2 name=$3 want=$4 r rc=0
  shift 4
  r=$(timed -l "$work/log" "$@") || rc=$?
  if [ "$rc" = "$want" ]; then
    record "$row" "$i" "${name}_s" "${r%% *}"
    record "$row" "$i" "${name}_kb" "${r##* }"
    say "  $row, $name: ${r%% *} s, $(( ${r##* } / 1024 )) MB"
  else
    record "$row" "$i" "${name}_rc" "$rc"
    say "  $row, $name exited $rc (expected $want); the end of its output:"
    tail -n 5 "$work/log" >&2
  fi
}
# pair ROUND CORDON REF: the two sides of a row, Cordon first in odd rounds, the reference first in even ones
pair() { if [ $(( $1 % 2 )) = 1 ]; then "$2" "$1"; "$3" "$1"; else "$3" "$1"; "$2" "$1"; fi; }

# 1. cordon build against checkpolicy on the xen.if-pattern policy.conf
if [ -n "$no_vectors" ]; then
  row build "\`cordon build\` vs \`checkpolicy -t Xen -c 30\`, xen.if pattern, $(n "$domains") domains"
  notrun build row "$no_vectors"
else
  row build "\`cordon build\` vs \`checkpolicy -t Xen -c 30\`, xen.if pattern, $(n "$domains") domains ($(n "$(stat -c %s "$xp")") B policy.conf): time, peak RSS"
  [ -z "$no_checkpolicy" ] || notrun build ref "$no_checkpolicy"
fi
build_cordon() { rm -f "$work/build.bin"; side build "$1" cordon 0 "${cordon_build[@]}" build "$xp" -o "$work/build.bin"; }
build_ref() { [ -z "$no_checkpolicy" ] || return 0; rm -f "$work/build-ref.bin"; side build "$1" ref 0 checkpolicy -t Xen -c 30 -o "$work/build-ref.bin" "$xp"; }
row_build() {
  [ -z "$no_vectors" ] || return 0
  pair "$1" build_cordon build_ref
  [ -n "$no_checkpolicy" ] || { cmp -s "$work/build.bin" "$work/build-ref.bin" && record build "$1" same 1 || record build "$1" same 0; }
}

# 2. cordon compile (every pass, verified) of a fleet that verifies clean, against checkpolicy on row 1's policy.conf
row compile "\`cordon compile\` (check, lower, encode, translation validation, verify) of $(n "${fleet[0]}") VMs / ${fleet[1]} classes joined by channels vs \`checkpolicy\` on row 1's policy.conf"
if [ -n "$no_vectors$no_checkpolicy" ]; then notrun compile ref "${no_checkpolicy:-$no_vectors}"; fi
compile_cordon() { rm -rf "$work/compiled"; side compile "$1" cordon 0 "${cordon[@]}" compile "$work/fleet.cordon" -o "$work/compiled"; }
compile_ref() { [ -z "$no_vectors$no_checkpolicy" ] || return 0; side compile "$1" ref 0 checkpolicy -t Xen -c 30 -o "$work/compile-ref.bin" "$xp"; }
row_compile() { pair "$1" compile_cordon compile_ref; }

# 3. cordon check of the sample, whole process; for scale, the JVM's start (cordon --version) and checkpolicy on Xen's
# default policy
row check_sample "\`cordon check samples/cloud-host.cordon\`, whole process"
if [ -n "$no_vectors$no_checkpolicy" ]; then notrun check_sample ref "${no_checkpolicy:-$no_vectors}"; fi
sample_cordon() { side check_sample "$1" cordon 0 "${cordon[@]}" check "$root/samples/cloud-host.cordon"; }
sample_ref() {
  side check_sample "$1" version 0 "${cordon[@]}" --version
  [ -z "$no_vectors$no_checkpolicy" ] || return 0
  side check_sample "$1" ref 0 checkpolicy -t Xen -c 30 -o "$work/default.bin" "$xen_default"
}
row_check_sample() { pair "$1" sample_cordon sample_ref; }

# 4. cordon check of the editor policy (no reference)
row check_editor "\`cordon check\` of the editor policy (\`GenerateEditorPolicy $editor\`), $(n "$(wc -l < "$work/editor.cordon")") lines, $(n "$editor") classes"
row_check_editor() { side check_editor "$1" cordon 0 "${cordon[@]}" check "$work/editor.cordon"; }

# 5. cordon lsp, edit to diagnostics (LspLatency: the server started through ./cordon, as editors start it)
row lsp_small "\`cordon lsp\` edit to diagnostics, $(n "$(editor_lines "${lsp_small[0]}")") lines (per round: ${lsp_small[1]} edits after ${lsp_small[2]})"
row lsp_large "\`cordon lsp\` edit to diagnostics, $(n "$(editor_lines "${lsp_large[0]}")") lines (per round: ${lsp_large[1]} edits after ${lsp_large[2]})"
lsp() { # ROW ROUND CLASSES EDITS WARMUP: records median_ms and p90_ms of the edits after the first WARMUP
  local r
  if guarded bench LspLatency "$root/cordon" "$3" "$4" "$5" > "$work/lsp.out" 2> "$work/log"; then
    # the last line: | LINES lines, CLASSES classes | then EDITS edits | MEDIAN ms | P90 ms | MAX ms |
    r=$(tail -n 1 "$work/lsp.out" | awk -F'|' '{ print $4 + 0, $5 + 0 }')
    record "$1" "$2" median_ms "${r% *}"
    record "$1" "$2" p90_ms "${r#* }"
    say "  $1: median ${r% *} ms, p90 ${r#* } ms"
  else
    say "  $1: LspLatency failed; the end of its output:"; tail -n 5 "$work/log" >&2
  fi
}
row_lsp_small() { lsp lsp_small "$1" "${lsp_small[@]}"; }
row_lsp_large() { lsp lsp_large "$1" "${lsp_large[@]}"; }

# 6. placement, in-process (PlacementBenchmark, one run of each step a round); no reference tool exists
row place_search "placement search, $(n "${place_small[1]}") VMs / ${place_small[0]} hosts / ${place_small[2]} conflict sets / ${place_small[3]} zones (in-process)"
row place_given "validation of a given placement, all $(n "${place_small[1]}") VMs pinned (in-process)"
row place_core "unsat core of an invalid given placement, $(n "${place_small[1]}") VMs (in-process)"
row place_large "placement search, $(n "${place_large[1]}") VMs / $(n "${place_large[0]}") hosts / ${place_large[2]} conflict sets / ${place_large[3]} zones (in-process)"
place() { # ROUND HOSTS VMS SETS ZONES STEPS ROW...: PlacementBenchmark's rows, in order, as the given rows
  local i=$1 sizes=("${@:2:4}") steps=$6 step result secs
  shift 6
  if ! java -Xmx8g -cp "$cp" org.cordon.bench.PlacementBenchmark "${sizes[@]}" 1 "$steps" > "$work/place.out" 2> "$work/log"; then
    say "  $*: PlacementBenchmark failed; the end of its output:"; tail -n 5 "$work/log" >&2; return 0
  fi
  # its table's rows: | step | result | seconds |
  while IFS='|' read -r _ step result secs _; do
    result="$(echo "$result" | sed 's/^ *//; s/ *$//; s/:.*//')"   # the core's statements left out
    record "$1" "$i" cordon_s "${secs// /}"
    record "$1" "$i" result "$result"
    say "  $1: ${secs// /} s, $result"
    shift
  done < <(sed -n '/^| step /,$p' "$work/place.out" | tail -n +3)
}
row_place() { place "$1" "${place_small[@]}" search,given,core place_search place_given place_core; }
row_place_large() { place "$1" "${place_large[@]}" search place_large; }

# 7. all-pairs isolation by cordon verify against one seinfoflow query, on the xen.if-pattern binary
if [ -n "$no_vectors" ]; then
  row flow "all-pairs isolation (4,950 pairs) vs one \`seinfoflow -S\`, xen.if-pattern binary"
  notrun flow row "$no_vectors"
else
  row flow "all-pairs isolation, \`cordon verify --policy\` of 100 types (4,950 pairs) vs one \`seinfoflow -S\` query, xen.if-pattern binary of $(n "$domains") domains ($(n "$(stat -c %s "$xp_bin")") B)"
  [ -z "$no_seinfoflow" ] || notrun flow ref "$no_seinfoflow"
fi
flow_cordon() { side flow "$1" cordon 1 "${cordon_binary[@]}" verify --policy "$xp_bin" --isolate "$flow_types" --trust dom0_t; }
flow_ref() {
  [ -z "$no_seinfoflow" ] || return 0
  side flow "$1" ref 0 seinfoflow -m "$work/xen.perm_map" -p "$xp_bin" -s vm0_t -t vm99_t -S
}
row_flow() { [ -z "$no_vectors" ] || return 0; pair "$1" flow_cordon flow_ref; }

for i in $(seq "$rounds"); do
  say "round $i of $rounds"
  for r in build compile check_sample check_editor lsp_small lsp_large place place_large flow; do "row_$r" "$i"; done
done

took=$(( $(date +%s) - started ))
commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ", with uncommitted changes")"
tools="java $(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p')"
[ -n "$no_checkpolicy" ] || tools+=", checkpolicy $(dpkg-query -W -f='${Version}' checkpolicy 2>/dev/null || echo "(version unknown)")"
[ -n "$no_seinfoflow" ] || tools+=", seinfoflow $(seinfoflow --version 2>/dev/null || echo "(version unknown)")"
{
  echo "\`bench/run-all.sh $rounds$([ "$quick" = 1 ] && echo " --quick")\`: $rounds round(s), $(date +%F), commit $commit, $(nproc) cores," \
    "load average $load at the start; $tools; one-shot commands $cds_note; the run took $((took / 60)) min $((took % 60)) s."
  [ "$quick" = 0 ] || echo "QUICK: small sizes, not the goals' own; for checking the script, not for recording."
  echo
  python3 "$root/bench/run-all-table.py" "$work"
} > "$work/table.md"
cat "$work/table.md"
[ -z "$out" ] || cp "$work/table.md" "$out"
while IFS=$'\t' read -r r side why; do say "not run: $r$([ "$side" = ref ] && echo "'s reference"): $why"; done < "$work/notrun.tsv"
say "done in $((took / 60)) min $((took % 60)) s"
