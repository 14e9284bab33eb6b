# Shared by the harness scripts (sourced, not run). Knows where the cache is and how to reach dom0.
# The cache directory is keyed by a hash of the recipe's inputs: setup.sh (with its pinned versions)
# and the dom0/domU init scripts and sshd configuration under image/. Changing any of them builds a new set beside the old.

XEN_HARNESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CORDON_XEN_CACHE=${CORDON_XEN_CACHE:-${HOME:-/root}/.cache/cordon-xen}

xen_die() { echo "xen-harness: error: $*" >&2; exit 2; }
xen_log() { echo "xen-harness: $*" >&2; }

# The recipe's inputs, hashed: what the built files depend on (boot.sh/stop.sh only run them).
xen_recipe_key() {
  (cd "$XEN_HARNESS_DIR" && cat setup.sh image/dom0-init image/domU-init image/sshd.conf) \
    | sha256sum | cut -c1-16
}

# The directory holding the built hypervisor, kernel, images, harness key and known_hosts.
xen_cache_dir() {
  echo "$CORDON_XEN_CACHE/$(xen_recipe_key)"
}

# ssh to dom0 as root with the harness key; host-key checking stays on (the cache's known_hosts).
# Usage: xen_ssh CACHE PORT [ssh args…] -- command
xen_ssh_opts() {
  local cache=$1
  echo "-F /dev/null -i $cache/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes" \
       "-o UserKnownHostsFile=$cache/known_hosts -o GlobalKnownHostsFile=/dev/null" \
       "-o StrictHostKeyChecking=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o LogLevel=ERROR"
}

# Adds "[127.0.0.1]:PORT <host key>" to the cache's known_hosts (the key is the image's, fixed at build).
xen_known_host() {
  local cache=$1 port=$2 entry
  entry="[127.0.0.1]:$port $(cut -d' ' -f1,2 "$cache/ssh_host_ed25519_key.pub")"
  (
    flock 9
    if ! grep -qxF "$entry" "$cache/known_hosts" 2>/dev/null; then
      { cat "$cache/known_hosts" 2>/dev/null || true; echo "$entry"; } > "$cache/known_hosts.tmp.$$"
      mv -f "$cache/known_hosts.tmp.$$" "$cache/known_hosts"
    fi
  ) 9>"$cache/known_hosts.lock"
}
