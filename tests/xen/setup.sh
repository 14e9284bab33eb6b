#!/usr/bin/env bash
# Builds (once) what the real-Xen harness boots, under $CORDON_XEN_CACHE/<recipe hash>:
#   xen                  Xen 4.17 hypervisor rebuilt with XSM/FLASK from Debian's source package
#   vmlinuz              Debian's 6.1 kernel (PV dom0 and PV domU)
#   dom0.cpio            dom0 root: debootstrap minbase + xen-utils-4.17 + busybox + openssh-server
#   domU.cpio            a ~1 MB busybox initramfs for PV guests (also inside dom0 at /root/domU/)
#   id_ed25519[.pub]     the harness's SSH key (root's authorized key in dom0)
#   ssh_host_ed25519_key.pub, known_hosts   dom0's host key, fixed at build time
#   versions.txt         what went in; logs/ the build's and debootstrap's logs
# Installs its own Debian packages. Needs root (as in CI) or sudo. Idempotent: finished steps are skipped.
# Usage: tests/xen/setup.sh [--check]   (--check: exit 0 if the cache is complete, 1 if not; builds nothing)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The recipe's pinned inputs (changing one changes the cache key, since this file is hashed).
XEN_SRC_VERSION=4.17.5+72-g01140da4e8-1   # served by the main pocket; Debian's build has no FLASK
SUITE=bookworm
XEN_UTILS=xen-utils-4.17
PACKAGES=(qemu-system-x86 debootstrap build-essential python3 bison flex cpio openssh-client dpkg-dev xz-utils
          zstd kmod ca-certificates)

CACHE=$(xen_cache_dir)
if [ "${1:-}" = "--check" ]; then
  [ -f "$CACHE/.complete" ] && command -v qemu-system-x86_64 >/dev/null && command -v ssh >/dev/null
  exit $?
fi
[ -f "$CACHE/.complete" ] && { echo "cache=$CACHE"; exit 0; }
# apt-get, debootstrap and chroot need root: a user with sudo gets the cache built as root, then handed back
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || xen_die "building the harness needs root (apt-get, debootstrap, chroot): run this as root"
  exec sudo CORDON_XEN_CACHE="$CORDON_XEN_CACHE" CORDON_XEN_OWNER="$(id -u):$(id -g)" bash "$0" "$@"
fi
mkdir -p "$CACHE"
WORK="$CACHE/work"
LOGS="$CACHE/logs"
mkdir -p "$WORK" "$LOGS"
# apt fetches into root's cache as root: without this it warns that its _apt user cannot write there
APT_OPTS=(-qq -o APT::Sandbox::User=root)
exec 8>"$CACHE/.setup.lock"
flock 8
t0=$SECONDS
step() { xen_log "[$((SECONDS - t0))s] $*"; }

# 1. Debian packages the harness needs on this machine.
missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done

# 2. A deb-src entry mirroring the main deb entry, so `apt-get source` works (idempotent).
SRC_LIST=/etc/apt/sources.list.d/cordon-xen-src.sources
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
if ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src " /etc/apt/sources.list; then
  step "adding a deb-src entry ($SRC_LIST)"
  printf 'Types: deb-src\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$SUITE" "$SUITE" | tee "$SRC_LIST.tmp" >/dev/null
  mv -f "$SRC_LIST.tmp" "$SRC_LIST"
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ -n "${need_update:-}" ] || ! apt-cache showsrc xen 2>/dev/null | grep -q "^Version: $XEN_SRC_VERSION$"; then
  step "apt-get update"
  env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
PY=/usr/bin/python3   # Debian's, not whatever python3 comes first in PATH

# 3. The hypervisor: Debian's source and Debian's config, plus XSM/FLASK.
if [ ! -f "$CACHE/xen" ]; then
  rm -rf "$WORK/xen" && mkdir -p "$WORK/xen"
  step "fetching xen source $XEN_SRC_VERSION and Debian's hypervisor package (for its config)"
  (cd "$WORK/xen" && apt-get "${APT_OPTS[@]}" source "xen=$XEN_SRC_VERSION" >/dev/null \
     && apt-get "${APT_OPTS[@]}" download "xen-hypervisor-4.17-amd64" >/dev/null)
  src=$(find "$WORK/xen" -maxdepth 1 -type d -name 'xen-4.17*' | head -1)
  [ -n "$src" ] || xen_die "apt-get source xen=$XEN_SRC_VERSION unpacked nothing"
  dpkg-deb -x "$WORK"/xen/xen-hypervisor-4.17-amd64_*.deb "$WORK/xen/hv"
  cfg=$(ls "$WORK"/xen/hv/boot/xen-4.17*-amd64.config | head -1)
  { grep -v -E '^(# )?CONFIG_XSM' "$cfg"
    printf 'CONFIG_XSM=y\nCONFIG_XSM_FLASK=y\nCONFIG_XSM_FLASK_DEFAULT=y\nCONFIG_XSM_SILO=y\n# CONFIG_XSM_FLASK_POLICY is not set\n'
  } > "$src/xen/.config"
  step "building the FLASK hypervisor (make -C xen -j3)"
  make -s -C "$src/xen" PYTHON=$PY olddefconfig >"$LOGS/xen-build.log" 2>&1
  make -s -C "$src/xen" PYTHON=$PY -j3 >>"$LOGS/xen-build.log" 2>&1 \
    || { tail -30 "$LOGS/xen-build.log" >&2; xen_die "hypervisor build failed (log: $LOGS/xen-build.log)"; }
  grep -q '^CONFIG_XSM_FLASK=y' "$src/xen/.config" || xen_die "the built config has no FLASK"
  cp "$src/xen/xen" "$CACHE/xen.tmp" && mv -f "$CACHE/xen.tmp" "$CACHE/xen"
  cp "$src/xen/.config" "$CACHE/xen.config"
  echo "xen-source $XEN_SRC_VERSION config-from xen-hypervisor-4.17-amd64 $(dpkg-deb -f "$WORK"/xen/xen-hypervisor-4.17-amd64_*.deb Version)" >> "$CACHE/versions.txt"
  rm -rf "$WORK/xen"
fi

# 4. Debian's kernel (not installed: unpacked), for dom0 and the guests.
if [ ! -f "$CACHE/vmlinuz" ]; then
  rm -rf "$WORK/kernel" && mkdir -p "$WORK/kernel"
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$kpkg" ] || xen_die "cannot tell which kernel linux-image-amd64 depends on"
  step "fetching $kpkg"
  (cd "$WORK/kernel" && apt-get "${APT_OPTS[@]}" download "$kpkg" >/dev/null)
  dpkg-deb -x "$WORK"/kernel/"$kpkg"_*.deb "$WORK/kernel/root"
  echo "kernel $kpkg $(dpkg-deb -f "$WORK"/kernel/"$kpkg"_*.deb Version)" >> "$CACHE/versions.txt"
  cp "$WORK"/kernel/root/boot/vmlinuz-* "$CACHE/vmlinuz.tmp"
fi

# 5. The domU initramfs: static busybox and an /init that idles.
if [ ! -f "$CACHE/domU.cpio" ]; then
  rm -rf "$WORK/domU" "$WORK/bb" && mkdir -p "$WORK/domU/bin" "$WORK/domU/proc" "$WORK/domU/dev" "$WORK/bb"
  step "fetching busybox-static for the domU image"
  (cd "$WORK/bb" && apt-get "${APT_OPTS[@]}" download busybox-static >/dev/null)
  dpkg-deb -x "$WORK"/bb/busybox-static_*.deb "$WORK/bb/root"
  cp "$WORK/bb/root/bin/busybox" "$WORK/domU/bin/busybox"
  install -m 0755 "$XEN_HARNESS_DIR/image/domU-init" "$WORK/domU/init"
  (cd "$WORK/domU" && find . | sort | cpio -o -H newc --quiet -R 0:0) > "$CACHE/domU.cpio.tmp"
  mv -f "$CACHE/domU.cpio.tmp" "$CACHE/domU.cpio"
  rm -rf "$WORK/domU" "$WORK/bb"
fi

# 6. Keys: the harness's client key and dom0's host key, both made here and kept in the cache.
[ -f "$CACHE/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C cordon-xen-harness -f "$CACHE/id_ed25519"
[ -f "$CACHE/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C cordon-xen-dom0 -f "$CACHE/ssh_host_ed25519_key"

# 7. dom0's root: debootstrap minbase with the Xen tools and sshd, slimmed, plus the kernel's Xen and NIC modules.
if [ ! -f "$CACHE/dom0.cpio" ]; then
  [ -f "$CACHE/vmlinuz.tmp" ] || [ -d "$WORK/kernel/root" ] || xen_die "kernel files missing; remove $CACHE and rerun"
  root="$WORK/dom0"
  rm -rf "$root"
  step "debootstrap $SUITE (minbase + $XEN_UTILS, busybox, openssh-server)"
  debootstrap --variant=minbase --include=kmod,$XEN_UTILS,busybox,procps,iproute2,openssh-server \
    "$SUITE" "$root" "$mirror" >"$LOGS/debootstrap.log" 2>&1 \
    || { tail -20 "$LOGS/debootstrap.log" >&2; xen_die "debootstrap failed (log: $LOGS/debootstrap.log)"; }
  echo "dom0 $(chroot "$root" dpkg-query -W -f='${Package} ${Version} ' $XEN_UTILS openssh-server busybox)" >> "$CACHE/versions.txt"
  step "slimming and configuring dom0"
  rm -rf "$root"/usr/share/{doc,man,info,locale,i18n,zoneinfo,lintian,bash-completion} \
         "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
  rm -rf "$root"/usr/lib/python3* "$root"/usr/bin/python3* "$root"/usr/lib/xen-4.17/lib/python* 2>/dev/null || true
  kroot="$WORK/kernel/root"
  kver=$(ls "$kroot/lib/modules")
  mkdir -p "$root/lib/modules/$kver/kernel/drivers/net/ethernet/intel"
  cp -a "$kroot/lib/modules/$kver/kernel/drivers/xen" "$root/lib/modules/$kver/kernel/drivers/"
  cp -a "$kroot/lib/modules/$kver/kernel/drivers/net/ethernet/intel/e1000" "$root/lib/modules/$kver/kernel/drivers/net/ethernet/intel/"
  cp "$kroot/lib/modules/$kver/modules.order" "$kroot/lib/modules/$kver/modules.builtin"* "$root/lib/modules/$kver/"
  depmod -b "$root" "$kver"
  install -m 0755 "$XEN_HARNESS_DIR/image/dom0-init" "$root/init"
  rm -f "$root"/etc/ssh/ssh_host_*
  install -m 0600 "$CACHE/ssh_host_ed25519_key" "$root/etc/ssh/ssh_host_ed25519_key"
  install -m 0644 "$CACHE/ssh_host_ed25519_key.pub" "$root/etc/ssh/ssh_host_ed25519_key.pub"
  install -m 0644 "$XEN_HARNESS_DIR/image/sshd.conf" "$root/etc/ssh/sshd_config.d/cordon.conf"
  install -d -m 0700 "$root/root/.ssh"
  install -m 0600 "$CACHE/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
  sed -i 's|^root:[^:]*:|root:*:|' "$root/etc/shadow"   # no password; "*" is not a locked account for sshd
  mkdir -p "$root/root/domU"
  cp "$CACHE/vmlinuz.tmp" "$root/root/domU/vmlinuz"
  cp "$CACHE/domU.cpio" "$root/root/domU/initrd.cpio"
  step "packing dom0.cpio"
  (cd "$root" && find . | sort | cpio -o -H newc --quiet) > "$CACHE/dom0.cpio.tmp"
  mv -f "$CACHE/dom0.cpio.tmp" "$CACHE/dom0.cpio"
  mv -f "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"
  rm -rf "$root" "$WORK/kernel"
fi
[ -f "$CACHE/vmlinuz" ] || xen_die "vmlinuz missing; remove $CACHE and rerun"

# 8. known_hosts for dom0's key on the default forwarded port (boot.sh adds the port it uses).
xen_known_host "$CACHE" 10022
rm -rf "$WORK"
[ -z "${CORDON_XEN_OWNER:-}" ] || chown -R "$CORDON_XEN_OWNER" "$CACHE"
touch "$CACHE/.complete"
step "done: $(du -sh "$CACHE" | cut -f1) in $CACHE"
echo "cache=$CACHE"
