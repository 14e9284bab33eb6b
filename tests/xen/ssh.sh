#!/usr/bin/env bash
# Runs a command in dom0 of a harness host: tests/xen/ssh.sh --port N [--] COMMAND…
# (stdin is passed through, so `ssh.sh --port N 'cat > /tmp/p' < FILE` copies a file in.)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ "${1:-}" = "--port" ] || xen_die "usage: ssh.sh --port N [--] COMMAND…"
port=$2; shift 2
[ "${1:-}" = "--" ] && shift
CACHE=$(xen_cache_dir)
read -r -a ssh_opts <<< "$(xen_ssh_opts "$CACHE")"
# one connection serves a run of commands (a handshake costs dom0 about a second under emulation)
exec ssh "${ssh_opts[@]}" -o ControlMaster=auto -o "ControlPath=/tmp/cordon-xen-ssh-%C" -o ControlPersist=30 \
  -p "$port" root@127.0.0.1 "$@"
