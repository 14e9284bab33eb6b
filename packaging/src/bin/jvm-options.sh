# The JVM options a cordon command line runs with, written once: sourced by both launchers (the repository's
# ./cordon and the installed bin/cordon), by the package's postinst and by bench/lib.sh, so that what is measured is
# what users run (docs/PERFORMANCE.md). Not run by itself.

# cordon_jvm_options ARGUMENTS...: prints the options for `cordon ARGUMENTS...`
cordon_jvm_options() {
  # the language server runs for hours and re-verifies the policy on every edit: the optimising compiler only, and the
  # parallel collector. With the tiered compilers, its edits after the tenth took 1.5-2 times as long as those after
  # the seventieth (the JIT's warm-up); without them, after its first ten edits it answered in 0.65 of the time at
  # 2,012 lines and 0.75-0.9 at 10,000, for a slower start: 3.0 s against 2.0 s to the first diagnostics at 2,012
  # lines, 6.2 s against 3.9 s at 10,000 (docs/PERFORMANCE.md, the eighth session). An edit's check keeps most of what
  # it makes alive until it ends, so each young collection copies that; G1 kept its young generation small to meet its
  # pause goal and copied it again and again: with the parallel collector the edits at 10,000 lines took 0.8 of G1's
  # time. Code is compiled once called 200 times, not 10,000: a check at 10,000 lines calls much of its code a few
  # hundred to a few thousand times, which it then ran interpreted for its first dozens of edits. With a young
  # generation of 3 GB, a check there (750 MB allocated) meets a collection every third edit, not every second, and
  # one that meets none does not copy what the check in flight keeps alive. Both together: the edits at 10,000 lines in
  # 0.85-0.92 of the time, at 2,012 lines the same; for a slower start (4.1-4.5 s against 3.2-3.5 s to the first
  # diagnostics at 2,012 lines, 8.1-9.1 s against 6.5-7.1 s at 10,000) and 2.5-2.7 GiB of memory against 1.8-2.4 GiB
  # (docs/PERFORMANCE.md, the tenth session). The young generation is fixed only where the JVM's default heap (a
  # quarter of the memory, or of a container's limit) leaves room beside it: with 16 GB or more. Given more than the
  # heap, the JVM would make the young generation the whole heap and collect in full again and again. The JVM's own
  # warnings go to standard error: standard output is the protocol's
  if [ "${1:-}" = lsp ]; then
    cordon_young=
    cordon_mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
    # cgroup v2, then v1 (CORDON_CGROUP_ROOT: for tests)
    cordon_cgroup=${CORDON_CGROUP_ROOT:-/sys/fs/cgroup}
    for cordon_limit in "$cordon_cgroup/memory.max" "$cordon_cgroup/memory/memory.limit_in_bytes"; do
      cordon_bytes=$(cat "$cordon_limit" 2>/dev/null) || continue
      case "$cordon_bytes" in '' | *[!0-9]*) continue ;; esac # "max": no limit
      if [ $((cordon_bytes / 1024)) -lt "${cordon_mem_kb:-0}" ] 2>/dev/null; then
        cordon_mem_kb=$((cordon_bytes / 1024))
      fi
    done
    if [ "${cordon_mem_kb:-0}" -ge 16777216 ] 2>/dev/null; then cordon_young=" -Xmn3g"; fi
    echo "-XX:+UseParallelGC -XX:-TieredCompilation -XX:CompileThreshold=200$cordon_young -Xlog:disable -Xlog:all=warning:stderr"
    return 0
  fi
  # one-shot commands start fastest with the quick compiler only, and a small first heap grown as needed: about 30%
  # less peak memory at 0-5% in time (bench/heap-flags.sh). The young generation starts at 10 MB, as in a heap of
  # 32 MB, but the old one at 38 MB: with 21 MB, a check of 2,000 lines stopped for two full collections (11-16% of
  # its time) to grow it. build keeps 32 MB: its peak memory is held to twice checkpolicy's. verify --policy reads a
  # whole binary at once, and growing 32 MB to hold one took full collections, a fifth of its time on a 25 MB binary
  cordon_heap="-Xms48m -XX:NewSize=10m"
  if [ "${1:-}" = build ]; then cordon_heap=-Xms32m; fi
  if [ "${1:-}" = verify ]; then
    for cordon_arg in "$@"; do
      if [ "$cordon_arg" = --policy ]; then cordon_heap=-Xms256m; fi
    done
  fi
  # a loop run once over a large policy's vectors (the flow graph, translation validation) runs interpreted until it
  # has gone round Tier3BackEdgeThreshold times (60,000) and is compiled on the stack: at 6,000 a check of 1,000 VMs
  # took 5-10% less, the sample's and build's the same (docs/PERFORMANCE.md)
  # with two CPUs or fewer, one compiler thread: the JVM gives the quick compiler two, which take the CPUs from the
  # command's own threads (the main one and two warm-ups) while it starts. On a 2-CPU machine check and compile took
  # 4-12% less, build and verify --policy the same (docs/PERFORMANCE.md). More CPUs keep the JVM's count: not measured
  cordon_jit=
  cordon_cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 0)
  if [ "$cordon_cpus" -ge 1 ] 2>/dev/null && [ "$cordon_cpus" -le 2 ]; then cordon_jit=" -XX:CICompilerCount=1"; fi
  echo "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:Tier3BackEdgeThreshold=6000$cordon_jit $cordon_heap"
}
