#!/usr/bin/env bash
# Powers a harness host off: `poweroff -f` in dom0 (Xen then stops the machine and QEMU exits), and if QEMU
# has not exited within --timeout seconds (default 60), it is killed. Usage: tests/xen/stop.sh --pid P [--timeout S]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
pid="" timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --pid) pid=${2:?--pid needs a process id}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    *) xen_die "unknown argument '$1' (usage: stop.sh --pid P [--timeout S])" ;;
  esac
done
case "$pid" in ''|*[!0-9]*) xen_die "--pid P is required" ;; esac
CACHE=$(xen_cache_dir)
env="$CACHE/run/$pid.env"
[ -f "$env" ] || xen_die "no harness host with pid $pid (no $env)"
port=$(sed -n 's/^port=//p' "$env")
if kill -0 "$pid" 2>/dev/null; then
  read -r -a ssh_opts <<< "$(xen_ssh_opts "$CACHE")"
  # the connection drops as dom0 goes down: that is expected
  timeout 30 ssh "${ssh_opts[@]}" -p "$port" root@127.0.0.1 'sync; busybox poweroff -f' >/dev/null 2>&1 || true
  for _ in $(seq "$timeout"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    xen_log "QEMU $pid still running ${timeout}s after poweroff: killing it"
    kill "$pid"; sleep 1; kill -9 "$pid" 2>/dev/null || true
  fi
fi
rm -f "$env"
echo "stopped pid=$pid"
