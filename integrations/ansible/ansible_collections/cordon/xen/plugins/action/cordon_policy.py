# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)
"""cordon_policy runs on the controller: Cordon itself reaches the inventory host over SSH (see the module's docs)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.cordon.xen.plugins.module_utils.cordon import (
    POLICY_ARGS, POLICY_REQUIRED_IF, Cordon, CordonError, bool_value, digest, failure, flag_value, inventory_address,
    policy_binary)


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        _, args = self.validate_argument_spec(argument_spec=POLICY_ARGS, required_if=POLICY_REQUIRED_IF)
        address, identity = inventory_address(self._play_context, self._templar, args, task_vars or {})
        cordon = Cordon(args, address, identity)
        check = bool(self._task.check_mode)
        try:
            result.update(self._apply(cordon, args, check))
        except CordonError as e:
            result.update(failed=True, msg=str(e))
        except ValueError as e:
            result.update(failed=True, msg='booleans: %s' % e)
        result['host'] = address
        result['cordon_commands'] = [' '.join(c) for c in cordon.commands]
        return result

    def _apply(self, cordon, args, check):
        state = args['state']
        if state == 'installed':
            return self._install(cordon, args, check)
        wanted = digest(args['policy']) if args['policy'] else None
        if args['policy'] and wanted is None:
            return dict(failed=True, msg='%s: no such policy (a directory cordon compile wrote, or a binary)'
                        % policy_binary(args['policy']))
        rc, status, err = cordon.status()
        if rc not in (0, 1):
            return failure(rc, status, err, 'cordon status')
        running = (status.get('policy') or {}).get('digest')
        interrupted = status.get('interrupted')
        if state == 'rolled_back':
            return self._rollback(cordon, args, check, running, wanted)
        booleans = dict((k, bool_value(v)) for k, v in args['booleans'].items())
        held = status.get('booleans') or {}
        if running == wanted and not interrupted and all(held.get(k) == v for k, v in booleans.items()):
            return dict(changed=False, digest=wanted, outcome='unchanged',
                        summary='already runs %s with those booleans' % wanted[:8], booleans=held)
        out = dict(digest=wanted, running=running)
        if self._task.diff:
            out['diff'] = self._diff(cordon, args, running, wanted)
        extra = [args['policy']]
        for name, value in sorted(args['booleans'].items()):
            extra += ['--bool', '%s=%s' % (name, flag_value(value))]
        for sbdf, context in sorted(args['label_pci'].items()):
            extra += ['--label-pci', '%s=%s' % (sbdf, context)]
        if args['baseline']:
            extra += ['--baseline', args['baseline']]
        extra += artifact_options(args)
        if check:
            extra.append('--dry-run')
        rc, report, err = cordon.host_command('load', extra)
        out.update(report_fields(report))
        if rc != 0:
            out.update(failure(rc, report, err, 'cordon load'))
            return out
        out['changed'] = True
        return out

    def _rollback(self, cordon, args, check, running, wanted):
        if wanted is not None and running != wanted:
            # the host does not run the policy to be rolled back (any more): nothing to do
            return dict(changed=False, digest=running, outcome='unchanged',
                        summary='does not run %s' % wanted[:8])
        extra = ['--dry-run'] if check else []
        rc, report, err = cordon.host_command('rollback', extra)
        out = report_fields(report)
        if rc != 0:
            out.update(failure(rc, report, err, 'cordon rollback'))
            return out
        out['changed'] = True
        return out

    def _install(self, cordon, args, check):
        extra = [args['policy']] + artifact_options(args)
        if args['boot_config']:
            extra += ['--boot-config', args['boot_config']]
        if args['update_grub']:
            extra.append('--update-grub')
        if check:
            extra.append('--dry-run')
        rc, report, err = cordon.host_command('install', extra)
        out = report_fields(report)
        if report:
            out.update(path=report.get('path'), fixes=report.get('fixes') or [], digest=report.get('digest'))
        if rc != 0:
            out.update(failure(rc, report, err, 'cordon install'))
            if report and report.get('fixes'):
                out['msg'] += '; fix: ' + '; '.join(report['fixes'])
            return out
        out['changed'] = bool(report and report.get('changed'))
        return out

    def _diff(self, cordon, args, running, wanted):
        # what a load would roll back to is what it changes from: the baseline given, else what the host runs
        if args['baseline']:
            before = 'the baseline %s' % args['baseline']
            rc, text = cordon.diff(args['baseline'], policy_binary(args['policy']))
        else:
            before = 'running: %s' % (running or 'not loaded by Cordon in this boot (its boot policy)')
            rc, text = cordon.diff('--running-on', cordon.address, policy_binary(args['policy']))
        if rc not in (0, 1):
            text = 'cordon cannot compare with what the host runs (exit %d): %s' % (rc, text)
        return dict(before_header=before, after_header='%s: %s' % (args['policy'], wanted), prepared=text)


def artifact_options(args):
    extra = []
    if args['target_xen']:
        extra += ['--target-xen', args['target_xen']]
    if args['allow_unverified']:
        extra.append('--allow-unverified')
    return extra


def report_fields(report):
    """What a host command's JSON report says, under the names the module documents."""
    if not report:
        return {}
    return dict(
        outcome=report.get('outcome'),
        summary=report.get('summary'),
        from_digest=report.get('from'),
        to_digest=report.get('to'),
        steps=report.get('steps') or [],
        problems=report.get('problems') or [],
        warnings_cordon=report.get('warnings') or [],
    )
