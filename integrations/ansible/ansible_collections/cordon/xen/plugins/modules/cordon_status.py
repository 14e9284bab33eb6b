#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cordon_status
short_description: What a Xen host runs, as Cordon sees it, as facts
version_added: 0.1.0
description:
  - Reads the inventory host with C(cordon status) - its Xen release, FLASK mode, running domains and their labels,
    booleans, the policy Cordon loaded (and whether the host still matches it), an interrupted change, the
    history - and returns it as the fact C(cordon_status).
  - Runs on the controller (it is an action plugin); Cordon connects to the host over SSH itself, host-key
    checking always on. The address and key come from the inventory as for M(cordon.xen.cordon_policy).
  - Never changes the host. A host with notes that need a look (an interrupted change, a policy loaded by hand)
    is not a failure - C(cordon_status.needs_attention) says so.
extends_documentation_fragment:
  - cordon.xen.connection
author:
  - Cordon contributors
requirements:
  - Cordon's command line (C(cordon)) on the controller, with Java 17 or later
options:
  history:
    description: How many history entries to return, latest last.
    type: int
    default: 10
notes:
  - Check mode is supported (the module never changes anything).
seealso:
  - module: cordon.xen.cordon_policy
'''

EXAMPLES = r'''
- name: Read what each host runs
  cordon.xen.cordon_status:
    known_hosts: "{{ playbook_dir }}/known_hosts"

- name: Stop where a host needs a look
  ansible.builtin.assert:
    that: not cordon_status.needs_attention
    fail_msg: "{{ cordon_status.notes }}"
'''

RETURN = r'''
ansible_facts:
  description: The host as Cordon sees it.
  returned: success
  type: complex
  contains:
    cordon_status:
      description: The host's status.
      type: complex
      contains:
        host:
          description: Cordon's address of the host.
          type: str
        xen:
          description: The Xen release it runs.
          type: str
          sample: 4.17.5
        flask:
          description: FLASK's mode - enforcing, permissive or disabled.
          type: str
        policy_digest:
          description: SHA-256 of the policy Cordon loaded in this boot; null when it loaded none.
          type: str
        policy:
          description: The history entry of that load (time, action, digest, result, name).
          type: dict
        interrupted:
          description: A change that did not finish (what, from, to, cutOffByReboot); null when none.
          type: dict
        domains:
          description: Running domains with their ids and labels.
          type: list
          elements: dict
        booleans:
          description: FLASK booleans and their values.
          type: dict
        history:
          description: The latest history entries.
          type: list
          elements: dict
        notes:
          description: What needs a look.
          type: list
          elements: str
        needs_attention:
          description: True when there are such notes (C(cordon status) exit 1).
          type: bool
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.cordon.xen.plugins.module_utils.cordon import STATUS_ARGS


def main():
    module = AnsibleModule(argument_spec=STATUS_ARGS, supports_check_mode=True)
    module.fail_json(msg='cordon.xen.cordon_status runs on the controller through its action plugin; '
                         'install the whole cordon.xen collection')


if __name__ == '__main__':
    main()
