# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)
"""cordon_status runs on the controller: Cordon reads the inventory host over SSH and returns it as facts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.cordon.xen.plugins.module_utils.cordon import (
    STATUS_ARGS, Cordon, CordonError, failure, inventory_address)


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        _, args = self.validate_argument_spec(argument_spec=STATUS_ARGS)
        address, identity = inventory_address(self._play_context, self._templar, args, task_vars or {})
        cordon = Cordon(args, address, identity)
        try:
            rc, status, err = cordon.status(args['history'])
        except CordonError as e:
            result.update(failed=True, msg=str(e), host=address)
            return result
        result['host'] = address
        if rc not in (0, 1):
            result.update(failure(rc, status, err, 'cordon status'))
            return result
        policy = status.get('policy') or {}
        facts = dict(
            host=address,
            xen=status.get('xen'),
            flask=status.get('flask'),
            flask_boot_option=status.get('flaskBootOption'),
            boot=status.get('boot'),
            policy_digest=policy.get('digest'),
            policy_name=policy.get('name'),
            policy=policy,
            interrupted=status.get('interrupted'),
            domains=status.get('domains') or [],
            booleans=status.get('booleans') or {},
            history=status.get('history') or [],
            notes=status.get('notes') or [],
            needs_attention=rc == 1,
        )
        result.update(changed=False, ansible_facts=dict(cordon_status=facts), needs_attention=rc == 1)
        return result
