#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cordon_policy
short_description: Load, install or roll back a Cordon-compiled Xen FLASK policy on a Xen host
version_added: 0.1.0
description:
  - Puts a policy that C(cordon compile) built and verified into the inventory host, through Cordon's own host
    layer, so that the host gets exactly what C(cordon load) gives it - the preflight (Xen release, FLASK active,
    every running domain's label kept, the binary the one C(cordon compile) verified), a backup, C(xl loadpolicy),
    booleans, run-time PCI labels, post-checks, and a rollback to the previous policy on any failure. A host runs
    the old policy or the new one, never neither.
  - Runs on the controller (it is an action plugin); Cordon connects to the host over SSH itself, with host-key
    checking always on. Ansible does not connect to the host for this module, and the host needs no Python.
  - The address is the inventory host's C(ssh://ansible_user@ansible_host:ansible_port), or C(local) for
    C(ansible_connection=local); the key is C(ansible_ssh_private_key_file) unless I(identity) is given.
  - Idempotent - C(changed=false) when the host already runs that binary (by SHA-256 digest, as C(cordon status)
    reports it) with the I(booleans) given and no interrupted change; C(state=installed) when the boot policy
    already is that binary; C(state=rolled_back) with I(policy) when the host no longer runs it.
  - Check mode runs C(cordon load --dry-run) - the whole preflight, nothing changed - and fails when the load
    would be refused. Diff mode shows C(cordon diff --running-on HOST) of what the host runs and the new policy -
    the accesses and direct information flows added and removed.
  - A failure keeps Cordon's meaning in I(cordon_rc) and I(msg) - not loaded (the host runs what it ran),
    unreachable (nothing changed), or needs attention (the rollback failed, or the connection was lost
    mid-change). An unreachable host is reported as failed, not as Ansible's unreachable, so that
    C(max_fail_percentage) stops a rollout on it.
extends_documentation_fragment:
  - cordon.xen.connection
author:
  - Cordon contributors
requirements:
  - Cordon's command line (C(cordon)) on the controller, with Java 17 or later
  - Xen with XSM/FLASK on the managed host, reachable over SSH as root (or a user that may run xl)
options:
  policy:
    description:
      - A directory C(cordon compile) wrote (its C(xenpolicy) with C(cordon-build.json), which says the binary
        was verified and for which Xen release), or a binary policy.
      - Required for I(state=loaded) and I(state=installed). With I(state=rolled_back), the host is rolled back
        only while it runs this policy.
    type: path
  state:
    description:
      - C(loaded) loads the policy into the running hypervisor (C(cordon load)).
      - C(installed) makes it the policy the next boot enforces (C(cordon install)); the running policy is not
        touched.
      - C(rolled_back) returns the host to the policy it ran before the last load (C(cordon rollback)).
    type: str
    choices: [loaded, installed, rolled_back]
    default: loaded
  booleans:
    description:
      - FLASK booleans (Cordon switches) to set after the load, as name to value; the others get the policy's
        defaults. A host that runs the policy with other values for these is loaded again.
    type: dict
    default: {}
  label_pci:
    description:
      - PCI devices the policy does not label, labelled at run time after the load (C(flask-label-pci)), as
        C(SBDF) to context.
    type: dict
    default: {}
  baseline:
    description:
      - The binary policy the host runs now, when Cordon cannot know it (nothing loaded by Cordon since boot and
        no policy module in the default boot entry); what a failed load rolls back to.
    type: path
  target_xen:
    description:
      - The Xen release (C(X.Y)) a binary without C(cordon-build.json) targets.
    type: str
  allow_unverified:
    description:
      - Accept a binary C(cordon compile) did not verify. Not recommended.
    type: bool
    default: false
  boot_config:
    description:
      - With I(state=installed), the boot configuration on the host (default C(/boot/grub/grub.cfg),
        C(/boot/grub2/grub.cfg), C(/boot/efi/EFI/*/xen.cfg)).
    type: str
  update_grub:
    description:
      - With I(state=installed), run C(update-grub) on the host after installing.
    type: bool
    default: false
notes:
  - Check mode and diff mode are supported.
  - Run-time PCI labels are applied with a load; a host that already runs the policy is not labelled again.
seealso:
  - module: cordon.xen.cordon_status
'''

EXAMPLES = r'''
- name: Load the policy compiled on the controller
  cordon.xen.cordon_policy:
    policy: "{{ playbook_dir }}/build/cordon"
    known_hosts: "{{ playbook_dir }}/known_hosts"

- name: Load it with a switch on
  cordon.xen.cordon_policy:
    policy: build/cordon
    booleans:
      prot_doms_locked: true

- name: Make it the policy the next boot enforces
  cordon.xen.cordon_policy:
    policy: build/cordon
    state: installed

- name: Take it back off a host that runs it
  cordon.xen.cordon_policy:
    policy: build/cordon
    state: rolled_back
'''

RETURN = r'''
host:
  description: Cordon's address of the host.
  returned: always
  type: str
  sample: ssh://root@xen1.example.org
outcome:
  description:
    - What Cordon did - C(loaded), C(dry_run), C(refused), C(rejected_by_xen), C(rolled_back),
      C(rollback_failed), C(state_unknown); C(installed), C(not_booted) for I(state=installed); C(unchanged)
      when nothing had to be done.
  returned: when Cordon reached the host
  type: str
  sample: loaded
summary:
  description: The outcome in words.
  returned: when Cordon reached the host
  type: str
digest:
  description: SHA-256 of the policy's binary.
  returned: when a policy was given
  type: str
running:
  description: SHA-256 of the policy the host ran before (as Cordon recorded it; null when Cordon loaded nothing since boot).
  returned: with I(state=loaded), when the host was not already running the policy
  type: str
from_digest:
  description: The policy the host ran before the change.
  returned: when Cordon acted
  type: str
to_digest:
  description: The policy the change loaded.
  returned: when Cordon acted
  type: str
steps:
  description: Each step Cordon took (or, in check mode, would take), with its status and detail.
  returned: when Cordon acted
  type: list
  elements: dict
problems:
  description: Why a change was refused or rolled back.
  returned: when Cordon acted
  type: list
  elements: str
warnings_cordon:
  description: What Cordon warned about (for example a PCI device to label that is not on the host).
  returned: when Cordon acted
  type: list
  elements: str
fixes:
  description: With I(state=installed), what to change so that the next boot enforces the policy.
  returned: with I(state=installed)
  type: list
  elements: str
cordon_rc:
  description: Cordon's exit code on failure - 1 not done (the host runs what it ran), 2 bad input, 3 unreachable (nothing changed), 4 the host needs attention.
  returned: on failure
  type: int
cordon_meaning:
  description: I(cordon_rc) in words.
  returned: on failure
  type: str
needs_attention:
  description: True when the host may be neither on the old policy nor the new one and a person must look (exit 4).
  returned: on failure
  type: bool
cordon_commands:
  description: The cordon command lines the task ran on the controller.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.cordon.xen.plugins.module_utils.cordon import POLICY_ARGS, POLICY_REQUIRED_IF


def main():
    module = AnsibleModule(argument_spec=POLICY_ARGS, required_if=POLICY_REQUIRED_IF, supports_check_mode=True)
    # the action plugin of the same name does the work on the controller; this file only reaches a host when the
    # collection's action plugins are not installed
    module.fail_json(msg='cordon.xen.cordon_policy runs on the controller through its action plugin; '
                         'install the whole cordon.xen collection')


if __name__ == '__main__':
    main()
