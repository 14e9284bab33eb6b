# What the benchmark scripts share; sourced, not run: . "$(dirname "$0")/lib.sh"
# Sets root (the repository), vectors (the conformance vectors, CORDON_VECTORS or ../shared/vectors), jar (the CLI),
# the launcher's JVM options, and the helpers below.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vectors="${CORDON_VECTORS:-$root/../shared/vectors}"
jar="$root/cli/target/cordon.jar"
# the launchers' JVM options, from the file both launchers source: the one-shot commands' (launcher_fast), build's
# (launcher_build: its own first heap), verify --policy's (launcher_binary), and the compiler and collector without
# the first heap (launcher_jit_gc)
# shellcheck source=../packaging/src/bin/jvm-options.sh
. "$root/packaging/src/bin/jvm-options.sh"
read -ra launcher_fast <<< "$(cordon_jvm_options check)"
read -ra launcher_build <<< "$(cordon_jvm_options build)"
read -ra launcher_binary <<< "$(cordon_jvm_options verify --policy)"
launcher_jit_gc=()
for o in "${launcher_fast[@]}"; do [[ "$o" == -Xms* || "$o" == -XX:NewSize=* ]] || launcher_jit_gc+=("$o"); done

# bench_build: the CLI jar and the bench classes, from this tree's modules (-am: none comes from ~/.m2; offline), and
# the bench module's classpath in bench/target/classpath.txt
bench_build() {
  local log
  log="$(mktemp)"
  if (cd "$root" && mvn -B -q -o -DskipTests -pl cli,bench -am package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt) >"$log" 2>&1; then
    rm -f "$log"
  else
    grep -E "ERROR|BUILD" "$log" >&2 || tail -40 "$log" >&2
    echo "bench: build failed; full log in $log" >&2
    return 1
  fi
}

# bench_cp: the classpath of the bench programs (org.cordon.bench.*), built first if it is not there
bench_cp() {
  { [ -f "$jar" ] && [ -s "$root/bench/target/classpath.txt" ]; } || bench_build >&2 || return 1
  echo "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
}

# timed [-l LOG] CMD...: prints "seconds peak_kb" of one run of CMD (wall time and peak RSS, /usr/bin/time); CMD's
# output goes to LOG (default: nowhere); returns CMD's exit status
timed() {
  local log=/dev/null t rc=0
  if [ "$1" = -l ]; then log="$2"; shift 2; fi
  t="$(mktemp)"
  /usr/bin/time -o "$t" -f "%e %M" "$@" >"$log" 2>&1 || rc=$?
  tail -n 1 "$t"
  rm -f "$t"
  return "$rc"
}

# median: the median of the numbers on standard input, one a line
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# ms CMD...: wall milliseconds of one run of CMD, its output dropped
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
