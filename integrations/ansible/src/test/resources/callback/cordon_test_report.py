# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)
"""The tests' reading of a playbook run: every task's result per host and the recap, as JSON in $CORDON_ANSIBLE_REPORT.

ansible-core has no JSON output of its own (that is ansible.posix's), and the screen output stays as a person sees it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
name: cordon_test_report
type: aggregate
short_description: writes each task's results and the recap as JSON for Cordon's tests
description:
  - Writes the file named by the environment variable CORDON_ANSIBLE_REPORT when the playbook ends.
requirements:
  - enabled in callbacks_enabled
'''

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'cordon_test_report'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.plays[-1]['tasks'].append({'task': {'name': task.get_name()}, 'hosts': {}})

    def _record(self, result, **extra):
        entry = dict(self._clean(result._result))
        entry.update(extra)
        # with serial, each wave starts the play again: the task is in the wave's own entry
        for task in reversed(self.plays[-1]['tasks']):
            if task['task']['name'] == result._task.get_name():
                task['hosts'][result._host.get_name()] = entry
                return

    @staticmethod
    def _clean(r):
        return dict((k, v) for k, v in r.items() if not k.startswith('_ansible') or k == '_ansible_no_log')

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_playbook_on_stats(self, stats):
        report = {'plays': self.plays, 'stats': dict((h, stats.summarize(h)) for h in sorted(stats.processed))}
        path = os.environ.get('CORDON_ANSIBLE_REPORT')
        if path:
            with open(path, 'w') as f:
                json.dump(report, f, default=str)
