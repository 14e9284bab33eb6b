#!/usr/bin/env bash
# Installs Cordon as a user would and runs it: the .deb into a clean Debian root (debootstrap minbase with a JRE,
# man-db and bash-completion; built once and cached), and the release archive unpacked elsewhere in that root.
# Each prints what it checks; the first failure stops the test with exit 1.
#
# usage: packaging/install-test.sh DEB ARCHIVE      (needs root: debootstrap and chroot)
# cache: ${CORDON_PKG_CACHE:-$HOME/.cache/cordon-pkg}/<key>/root.tar (key: the suite and packages)
set -euo pipefail
deb=$(readlink -f "${1:?usage: install-test.sh DEB ARCHIVE}")
archive=$(readlink -f "${2:?usage: install-test.sh DEB ARCHIVE}")
[ "$(id -u)" = 0 ] || { echo "install-test: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "install-test: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }

suite=bookworm
packages=openjdk-17-jre-headless,man-db,bash-completion
key=$(echo "$suite $packages" | sha256sum | cut -c1-16)   # the root depends on these only
cache="${CORDON_PKG_CACHE:-$HOME/.cache/cordon-pkg}/$key"
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

step() { echo "install-test: $*"; }
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }

if [ ! -f "$cache/root.tar" ]; then
  step "building a clean $suite root (minbase + $packages) in $cache, once"
  mkdir -p "$cache"
  build=$(mktemp -d "$cache/build.XXXXXX")
  debootstrap --variant=minbase --include="$packages" "$suite" "$build" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; rm -rf "$build"; fail "debootstrap (log: $cache/debootstrap.log)"; }
  rm -rf "$build"/var/cache/apt/archives/*.deb "$build"/var/lib/apt/lists/*
  tar -C "$build" -cf "$cache/root.tar.tmp" . && mv "$cache/root.tar.tmp" "$cache/root.tar"
  rm -rf "$build"
fi

root=$(mktemp -d)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$cache/root.tar"
chmod 755 "$root" # as a root directory is (mktemp's 0700 came in with the tar): man-db's trigger runs as user man
mount -t proc proc "$root/proc"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

# --- the Debian package ---------------------------------------------------------------------------------------------
cp "$deb" "$root/tmp/cordon.deb"
step "dpkg -i cordon.deb"
in_root dpkg -i /tmp/cordon.deb || fail "dpkg -i"
step "postinst made the class-data-sharing archive, and this JVM maps it (-Xshare:on refuses one it cannot)"
[ -s "$root/var/cache/cordon/cordon.jsa" ] || fail "no /var/cache/cordon/cordon.jsa"
in_root sh -c '. /usr/share/cordon/lib/jvm-options.sh; java -Xshare:on -XX:SharedArchiveFile=/var/cache/cordon/cordon.jsa \
  $(cordon_jvm_options check) -jar /usr/share/cordon/lib/cordon.jar --version >/dev/null' || fail "the archive does not map"
step "the archive holds the classes compile writes its outputs with, not only a check's"
in_root sh -c '. /usr/share/cordon/lib/jvm-options.sh; java -Xshare:on -XX:SharedArchiveFile=/var/cache/cordon/cordon.jsa \
  -Xlog:class+load $(cordon_jvm_options check) -jar /usr/share/cordon/lib/cordon.jar \
  compile /usr/share/doc/cordon/examples/cloud-host.cordon -o /tmp/cds-out' \
  | grep >/dev/null "org.cordon.driver.BuildManifest source: shared objects file" || fail "compile's classes are not in the archive"
rm -rf "$root/tmp/cds-out"
step "cordon --version"
in_root cordon --version | tee /dev/stderr | grep >/dev/null '^cordon ' || fail "cordon --version"
step "cordon check /usr/share/doc/cordon/examples/cloud-host.cordon"
in_root cordon check /usr/share/doc/cordon/examples/cloud-host.cordon || fail "cordon check on the packaged sample"
step "cordon compile"
in_root sh -c 'cordon compile /usr/share/doc/cordon/examples/xen-default.cordon -o /tmp/out >/dev/null && test -s /tmp/out/xenpolicy' \
  || fail "cordon compile"
step "cordon help compile"
in_root cordon help compile | grep >/dev/null 'Exit codes:' || fail "cordon help compile"
step "man -w cordon-compile"
[ "$(in_root man -w cordon-compile)" = /usr/share/man/man1/cordon-compile.1.gz ] || fail "man -w cordon-compile"
in_root sh -c 'man -P cat cordon-load 2>/dev/null | grep >/dev/null "EXIT CODES"' || fail "man cordon-load has no exit codes"
step "bash completion: cordon com<TAB>"
completion='. /usr/share/bash-completion/bash_completion; COMP_WORDS=(cordon com); COMP_CWORD=1; COMP_LINE="cordon com";
  COMP_POINT=${#COMP_LINE}; __load_completion cordon; fn=$(complete -p cordon | sed "s/.*-F \([^ ]*\).*/\1/");
  $fn cordon com cordon; echo "${COMPREPLY[*]}"'
words=$(in_root bash -c "$completion")
echo "  -> $words"
case " $words " in *" compile "*) ;; *) fail "completion of 'cordon com' gave: $words" ;; esac
step "dpkg -r cordon"
in_root dpkg -r cordon >/dev/null || fail "dpkg -r"
for f in /usr/bin/cordon /usr/share/cordon /usr/share/man/man1/cordon.1.gz /usr/share/bash-completion/completions/cordon \
         /var/cache/cordon; do
  [ ! -e "$root$f" ] || fail "$f is still there after dpkg -r"
done

# --- the release archive, unpacked elsewhere ------------------------------------------------------------------------
mkdir -p "$root/opt"
tar -C "$root/opt" -xzf "$archive"
dir=$(tar -tzf "$archive" | awk -F/ 'NR == 1 { print $1 }')
step "archive: /opt/$dir/bin/cordon --version"
in_root "/opt/$dir/bin/cordon" --version | grep >/dev/null '^cordon ' || fail "bin/cordon --version"
step "archive: bin/cordon check samples/cloud-host.cordon"
in_root "/opt/$dir/bin/cordon" check "/opt/$dir/samples/cloud-host.cordon" || fail "bin/cordon check"
step "archive: a stale class-data-sharing archive is ignored without a word"
cp "$root/tmp/out/xenpolicy" "$root/opt/$dir/lib/cordon.jsa"
[ "$(in_root "/opt/$dir/bin/cordon" --version | head -1)" = "$(in_root "/opt/$dir/bin/cordon" --version 2>/dev/null | head -1)" ] \
  && in_root "/opt/$dir/bin/cordon" --version | head -1 | grep >/dev/null '^cordon ' || fail "a bad archive changed the output"
rm "$root/opt/$dir/lib/cordon.jsa"
step "archive: a symlink on the PATH finds its jar"
in_root ln -s "/opt/$dir/bin/cordon" /usr/local/bin/cordon
in_root cordon --version | grep >/dev/null '^cordon ' || fail "cordon through a symlink"
step "archive: MANPATH=man man -w cordon-compile"
[ "$(in_root env MANPATH="/opt/$dir/man" man -w cordon-compile)" = "/opt/$dir/man/man1/cordon-compile.1" ] || fail "man -w in the archive"
step "archive: completion/cordon"
words=$(in_root bash -c ". /opt/$dir/completion/cordon; fn=\$(complete -p cordon | sed 's/.*-F \([^ ]*\).*/\1/');
  COMP_WORDS=(cordon roll); COMP_CWORD=1; COMP_LINE='cordon roll'; COMP_POINT=11; \$fn cordon roll cordon; echo \"\${COMPREPLY[*]}\"")
echo "  -> $words"
case " $words " in *" rollback "*) ;; *) fail "completion of 'cordon roll' gave: $words" ;; esac
[ -f "$root/opt/$dir/LICENSE" ] && [ -f "$root/opt/$dir/README.md" ] || fail "LICENSE or README.md missing from the archive"
step "all passed"
