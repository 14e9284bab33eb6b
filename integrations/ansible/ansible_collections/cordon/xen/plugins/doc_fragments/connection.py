# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # how the plugins reach a host: module_utils/cordon.py CONNECTION_ARGS, the options of every cordon host command
    DOCUMENTATION = r'''
options:
  host:
    description:
      - Cordon's address of the host, C(ssh://[user@]host[:port]) or C(local), instead of the one made from the
        inventory (C(ssh://ansible_user@ansible_host:ansible_port), or C(local) with C(ansible_connection=local)).
    type: str
  identity:
    description:
      - OpenSSH private key (no passphrase) for the host; default the inventory's C(ansible_ssh_private_key_file),
        else Cordon's default (C(~/.ssh/id_ed25519), C(id_ecdsa), C(id_rsa)).
    type: path
  known_hosts:
    description:
      - known_hosts file holding the host's key; default C(~/.ssh/known_hosts). Unknown or changed keys are
        refused, never learned.
    type: path
  connect_timeout:
    description: Seconds to wait for the SSH connection.
    type: int
    default: 20
  history_dir:
    description: Where on the host Cordon keeps the policies it loaded and their history.
    type: str
    default: /var/lib/cordon
  cordon:
    description: The cordon executable on the controller.
    type: str
    default: cordon
'''
