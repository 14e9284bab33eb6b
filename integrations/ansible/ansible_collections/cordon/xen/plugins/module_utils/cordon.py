# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)
"""What the cordon.xen plugins share: their options, and running the cordon command line on the controller.

The plugins drive Cordon's host layer through its command line (``cordon load|install|rollback|status|diff
--format json``), so that a host gets exactly the preflight, post-checks and rollback ``cordon load`` gives it.
The command's exit code keeps its meaning (``cordon help load``): 0 done, 1 not done and the host runs what it
ran, 2 bad input, 3 unreachable and nothing changed, 4 the host needs attention.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import subprocess

# cordon's host commands' exit codes, in words a play's output shows
EXIT_MEANINGS = {
    0: 'done',
    1: 'not done: the host runs what it ran (refused, rejected by Xen, or rolled back)',
    2: 'bad input',
    3: 'unreachable: nothing changed',
    4: 'the host needs attention: the rollback failed, or the connection was lost mid-change',
}

# how the plugins reach a host: the same options every host command of cordon takes
CONNECTION_ARGS = dict(
    host=dict(type='str'),
    identity=dict(type='path'),
    known_hosts=dict(type='path'),
    connect_timeout=dict(type='int', default=20),
    history_dir=dict(type='str', default='/var/lib/cordon'),
    cordon=dict(type='str', default='cordon'),
)

POLICY_ARGS = dict(
    CONNECTION_ARGS,
    policy=dict(type='path'),
    state=dict(type='str', default='loaded', choices=['loaded', 'installed', 'rolled_back']),
    booleans=dict(type='dict', default={}),
    label_pci=dict(type='dict', default={}),
    baseline=dict(type='path'),
    target_xen=dict(type='str'),
    allow_unverified=dict(type='bool', default=False),
    boot_config=dict(type='str'),
    update_grub=dict(type='bool', default=False),
)

POLICY_REQUIRED_IF = [('state', 'loaded', ['policy']), ('state', 'installed', ['policy'])]

STATUS_ARGS = dict(CONNECTION_ARGS, history=dict(type='int', default=10))


class CordonError(Exception):
    """cordon could not be run at all (not installed, not executable, or it printed no JSON)."""


def policy_binary(policy):
    """The binary a policy argument names: a directory cordon compile wrote holds it as xenpolicy."""
    path = os.path.expanduser(policy)
    if os.path.isdir(path):
        return os.path.join(path, 'xenpolicy')
    return path


def digest(policy):
    """SHA-256 of the policy's binary, as cordon status reports a loaded policy; None when it cannot be read."""
    try:
        with open(policy_binary(policy), 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()
    except (IOError, OSError):
        return None


def flag_value(value):
    """A boolean argument as cordon's --bool takes it."""
    if isinstance(value, bool):
        return '1' if value else '0'
    text = str(value).strip().lower()
    if text in ('1', 'true', 'on', 'yes'):
        return '1'
    if text in ('0', 'false', 'off', 'no'):
        return '0'
    raise ValueError('%r is not a boolean value' % (value,))


def bool_value(value):
    return flag_value(value) == '1'


def host_address(given, connection, remote_addr, remote_user, port):
    """Cordon's address for the inventory host: ssh://user@host:port from its connection variables, or local."""
    if given:
        return given
    if connection == 'local':
        return 'local'
    host = remote_addr
    if ':' in host and not host.startswith('['):
        host = '[%s]' % host  # an IPv6 literal
    user = ('%s@' % remote_user) if remote_user else ''
    return 'ssh://%s%s%s' % (user, host, (':%s' % port) if port else '')


def inventory_address(play_context, templar, args, task_vars):
    """Cordon's address and identity for a task's host: its inventory connection variables, unless given."""
    connection = templar.template(task_vars.get('ansible_connection', play_context.connection))
    address = host_address(args.get('host'), connection, play_context.remote_addr or task_vars.get('inventory_hostname'),
                           play_context.remote_user, play_context.port)
    return address, args.get('identity') or play_context.private_key_file


class Cordon:
    """The cordon command line for one host, with the connection options the task gave."""

    def __init__(self, args, address, identity):
        self.executable = os.path.expanduser(args['cordon'])
        self.address = address
        self.connection = ['--connect-timeout', str(args['connect_timeout']), '--history-dir', args['history_dir']]
        if identity:
            self.connection += ['--identity', os.path.expanduser(identity)]
        if args.get('known_hosts'):
            self.connection += ['--known-hosts', os.path.expanduser(args['known_hosts'])]
        self.commands = []

    def run(self, argv):
        """Runs cordon; (exit code, stdout, stderr). CordonError when it cannot be started."""
        cmd = [self.executable] + argv
        self.commands.append(cmd)
        try:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
            out, err = p.communicate()
        except (IOError, OSError) as e:
            raise CordonError('cannot run %s: %s (give the cordon option, or put cordon on the PATH)' % (self.executable, e))
        return p.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')

    def host_command(self, name, extra):
        """A host command with --format json: (exit code, its JSON or None, stderr)."""
        rc, out, err = self.run([name] + extra + ['--host', self.address, '--format', 'json'] + self.connection)
        try:
            report = json.loads(out) if out.strip() else None
        except ValueError:
            report = None
        if report is None and rc not in (2, 3, 4):
            raise CordonError('cordon %s printed no report (exit %d): %s' % (name, rc, (err or out).strip()))
        return rc, report, err.strip()

    def status(self, history=10):
        return self.host_command('status', ['--history', str(history)])

    def diff(self, *policies):
        """cordon diff as text (OLD NEW, or --running-on HOST NEW): (exit code, text)."""
        rc, out, err = self.run(['diff'] + list(policies) + self.connection)
        return rc, (out + err).strip()


def failure(rc, report, err, what):
    """The task's failure for a cordon exit code other than 0: its meaning, and Cordon's own words."""
    problems = (report or {}).get('problems') or []
    detail = '; '.join(problems) or err or (report or {}).get('summary') or ''
    return dict(
        failed=True,
        msg='%s: %s%s' % (what, EXIT_MEANINGS.get(rc, 'cordon exited %d' % rc), (': ' + detail) if detail else ''),
        cordon_rc=rc,
        cordon_meaning=EXIT_MEANINGS.get(rc, 'unknown exit code'),
        needs_attention=rc == 4,
        unreachable_host=rc == 3,
    )
