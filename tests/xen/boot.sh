#!/usr/bin/env bash
# Boots the FLASK Xen host under QEMU (software emulation) in the background and waits until dom0's sshd
# answers. Prints, one a line:  port=N  pid=P  cache=DIR  serial=FILE
#   port   the loopback port forwarded to dom0's sshd (ssh -p N root@127.0.0.1, key DIR/id_ed25519,
#          known_hosts DIR/known_hosts; tests/xen/ssh.sh wraps this)
#   pid    QEMU's process id; stop it with tests/xen/stop.sh --pid P
#   serial the file with Xen's and dom0's console output
# The machine: QEMU pc, 2 vCPUs, 1280 MB (dom0 768 MB), e1000 at 00:03.0 (user networking, restricted: only
# the forward above), and two spare pci-testdev devices at 00:05.0 and 00:06.0 that no dom0 driver takes,
# for device-labelling scenarios (flask-label-pci needs a device dom0 can see).
# Usage: tests/xen/boot.sh --policy FILE [--ssh-port N] [--mode enforcing|permissive|late] [--timeout S]
#        tests/xen/boot.sh --no-policy --mode late|enforcing …    (enforcing without a policy: Xen panics)
# Exit 0 when dom0 is reachable; 2 on a usage error, a missing cache (run tests/xen/setup.sh), a Xen panic,
# QEMU exiting, or the time-out (QEMU is then stopped and the serial log's tail printed).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

policy="" no_policy="" port="" mode=enforcing timeout=${CORDON_XEN_BOOT_TIMEOUT:-420} extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --policy) policy=${2:?--policy needs a FILE}; shift 2 ;;
    --no-policy) no_policy=1; shift ;;
    --ssh-port) port=${2:?--ssh-port needs a number}; shift 2 ;;
    --mode) mode=${2:?--mode needs enforcing, permissive or late}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --xen-args) extra=${2:?--xen-args needs text}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) xen_die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$mode" in enforcing|permissive|late) ;; *) xen_die "--mode must be enforcing, permissive or late, not '$mode'" ;; esac
[ -n "$policy" ] || [ -n "$no_policy" ] || xen_die "--policy FILE is required (or --no-policy)"
[ -z "$policy" ] || [ -f "$policy" ] || xen_die "policy file not found: $policy"
command -v qemu-system-x86_64 >/dev/null || xen_die "qemu-system-x86_64 not found: run tests/xen/setup.sh"
CACHE=$(xen_cache_dir)
[ -f "$CACHE/.complete" ] || xen_die "the harness cache $CACHE is not built: run tests/xen/setup.sh"

if [ -z "$port" ]; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
case "$port" in ''|*[!0-9]*) xen_die "--ssh-port must be a number, not '$port'" ;; esac
mkdir -p "$CACHE/run"
find "$CACHE/run" -type f -mtime +2 -delete   # logs of boots older than two days
stamp=$(date +%Y%m%d-%H%M%S)-$port
serial="$CACHE/run/$stamp.serial"
modules="$CACHE/vmlinuz console=hvc0 earlyprintk=xen,$CACHE/dom0.cpio"
if [ -n "$policy" ]; then
  # QEMU's -initrd list is comma-separated: copy the policy to a name without commas
  cp "$policy" "$CACHE/run/$stamp.xenpolicy"
  modules="$modules,$CACHE/run/$stamp.xenpolicy"
fi
xen_known_host "$CACHE" "$port"

setsid qemu-system-x86_64 -accel tcg,tb-size=256 -machine pc -cpu qemu64 -m 1280 -smp 2 -no-reboot \
  -display none -monitor none -serial "file:$serial" \
  -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22" -device e1000,netdev=n0,addr=03 \
  -device pci-testdev,addr=05 -device pci-testdev,addr=06 \
  -kernel "$CACHE/xen" \
  -append "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot dom0_mem=768M,max:768M flask=$mode $extra" \
  -initrd "$modules" </dev/null >"$CACHE/run/$stamp.qemu.log" 2>&1 &
pid=$!
printf 'port=%s\nserial=%s\nstarted=%s\n' "$port" "$serial" "$(date +%s)" > "$CACHE/run/$pid.env"

fail() {
  kill "$pid" 2>/dev/null || true
  xen_log "$1"
  xen_log "last lines of $serial:"
  tail -n 25 "$serial" >&2 2>/dev/null || true
  cat "$CACHE/run/$stamp.qemu.log" >&2 2>/dev/null || true
  rm -f "$CACHE/run/$pid.env"
  exit 2
}
start=$SECONDS
read -r -a ssh_opts <<< "$(xen_ssh_opts "$CACHE")"
while :; do
  if grep -q "Panic on CPU" "$serial" 2>/dev/null; then
    fail "Xen panicked while booting: $(grep -A2 'Panic on CPU' "$serial" | grep -v -e 'Panic on CPU' -e '\*\*\*\*' | sed 's/^(XEN) //' | head -1)"
  fi
  # dom0 stopped: with noreboot the machine then halts and QEMU waits for ever
  if halt=$(grep -m1 -E "Hardware Dom0 (halted|crashed|shutdown)|Dom0 (halted|crashed)" "$serial" 2>/dev/null); then
    fail "dom0 stopped while booting (${halt#(XEN) }) after $(grep -c 'avc:  denied' "$serial") AVC denials; the last:
$(grep 'avc:  denied' "$serial" | tail -n 5)"
  fi
  kill -0 "$pid" 2>/dev/null || fail "QEMU exited before dom0 was reachable"
  if grep -q "cordon-dom0: sshd up" "$serial" 2>/dev/null \
     && ssh "${ssh_opts[@]}" -p "$port" root@127.0.0.1 true 2>/dev/null; then
    break
  fi
  # XenHost.boot boots once more on these words ("did not answer on port"): keep them
  [ $((SECONDS - start)) -lt "$timeout" ] || fail "dom0 did not answer on port $port within ${timeout}s"
  sleep 2
done
xen_log "dom0 reachable after $((SECONDS - start))s"
echo "port=$port"
echo "pid=$pid"
echo "cache=$CACHE"
echo "serial=$serial"
