#!/usr/bin/env bash
# The Debian package's kind, measured: jpackage's self-contained .deb (a jlinked runtime inside) against the plain
# .deb the build makes (the jar, depending on Debian's JRE). Sizes, and start-up of `--version` and of `check` on a
# sample, alternating the two N times (default 7) on this machine; prints each pair, then medians and ratios.
# usage: bench/package-kinds.sh [N]    (after `mvn -B -DskipTests package -pl packaging -am`)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
n="${1:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
deb="$root/packaging/target/cordon.deb"
archive="$(ls "$root"/packaging/target/cordon-*.tar.gz | head -1)"
mkdir -p "$work/in" "$work/jp" "$work/jpx" "$work/plain"
cp "$jar" "$work/in/"
jpackage --type deb --name cordonjp --app-version 0.1.0 --input "$work/in" --main-jar cordon.jar \
  --main-class org.cordon.cli.Cordon --java-options "${launcher_jit_gc[*]}" --dest "$work/jp"
jpdeb="$(ls "$work"/jp/*.deb)"
dpkg-deb -x "$jpdeb" "$work/jpx"
tar -C "$work/plain" -xzf "$archive"
jp="$work/jpx/opt/cordonjp/bin/cordonjp"
plain="$(ls -d "$work"/plain/cordon-*)/bin/cordon"
echo "jpackage .deb: $(stat -c %s "$jpdeb") B, installed $(du -sk "$work/jpx" | cut -f1) KB (runtime inside)"
echo "plain .deb:    $(stat -c %s "$deb") B, installed $(dpkg-deb -f "$deb" Installed-Size) KB (+ Debian's JRE: $(dpkg-deb -f "$deb" Depends))"
sample="$root/samples/cloud-host.cordon"
echo "pair  jp-version plain-version  jp-check plain-check  (ms)"
for i in $(seq "$n"); do
  echo "$i $(ms "$jp" --version) $(ms "$plain" --version) $(ms "$jp" check "$sample") $(ms "$plain" check "$sample")"
done | tee "$work/runs"
for c in 2 3 4 5; do cut -d' ' -f$c "$work/runs" | median; done | paste -sd' ' \
  | awk '{printf "medians: --version %d vs %d ms (jpackage/plain %.2f); check %d vs %d ms (%.2f)\n", $1, $2, $1/$2, $3, $4, $3/$4}'
