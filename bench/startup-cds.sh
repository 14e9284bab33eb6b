#!/usr/bin/env bash
# Start-up with and without the class-data-sharing archive the Debian package makes at install time: the release
# archive unpacked, the archive made as postinst makes it (the classes `cordon compile` loads on a sample, statically), then N
# alternating pairs (default 9) of `cordon --version` and `cordon check samples/cloud-host.cordon` through
# bin/cordon; prints each pair, the medians and the ratios.
# usage: bench/startup-cds.sh [N]    (after `mvn -B -DskipTests package -pl packaging -am`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-9}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$(ls "$root"/packaging/target/cordon-*.tar.gz | head -1)"
dir="$(ls -d "$work"/cordon-*)"
sample="$root/samples/cloud-host.cordon"
jar="$(readlink -f "$dir/lib/cordon.jar")"
java -XX:DumpLoadedClassList="$work/cordon.classes" -XX:+UseParallelGC -XX:TieredStopAtLevel=1 \
  -jar "$jar" compile "$sample" -o "$work/out" >/dev/null 2>&1
java -Xshare:dump -XX:SharedClassListFile="$work/cordon.classes" -XX:SharedArchiveFile="$work/cordon.jsa" \
  -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -cp "$jar" >/dev/null 2>&1
echo "archive: $(stat -c %s "$work/cordon.jsa") B"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
without() { env -u CORDON_CDS_ARCHIVE "$dir/bin/cordon" "$@"; }
with() { CORDON_CDS_ARCHIVE="$work/cordon.jsa" "$dir/bin/cordon" "$@"; }
echo "pair  version-without version-with  check-without check-with  (ms)"
for i in $(seq "$n"); do
  echo "$i $(ms without --version) $(ms with --version) $(ms without check "$sample") $(ms with check "$sample")"
done | tee "$work/runs"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for c in 2 3 4 5; do cut -d' ' -f$c "$work/runs" | median; done | paste -sd' ' \
  | awk '{printf "medians: --version %d -> %d ms (%.2f); check %d -> %d ms (%.2f)\n", $1, $2, $2/$1, $3, $4, $4/$3}'
