# -*- coding: utf-8 -*-
# Copyright: Cordon contributors
# Apache License 2.0 (see LICENSE at the top of the Cordon repository)
"""module_utils/cordon.py on its own: addresses, booleans, digests, exit meanings and running cordon."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os
import stat
import tempfile
import unittest

from ansible_collections.cordon.xen.plugins.module_utils.cordon import (
    POLICY_ARGS, Cordon, CordonError, digest, failure, flag_value, host_address)


def args(**given):
    a = dict((k, v.get('default')) for k, v in POLICY_ARGS.items())
    a.update(given)
    return a


class HostAddressTest(unittest.TestCase):

    def test_the_inventory_makes_an_ssh_address(self):
        self.assertEqual('ssh://root@xen1.example.org:2222', host_address(None, 'ssh', 'xen1.example.org', 'root', 2222))
        self.assertEqual('ssh://xen1', host_address(None, 'ssh', 'xen1', None, None))

    def test_an_ipv6_literal_goes_in_brackets(self):
        self.assertEqual('ssh://root@[fd00::1]:22', host_address(None, 'ssh', 'fd00::1', 'root', 22))

    def test_a_local_connection_is_local_and_a_given_address_wins(self):
        self.assertEqual('local', host_address(None, 'local', 'localhost', 'root', None))
        self.assertEqual('ssh://admin@h', host_address('ssh://admin@h', 'local', 'x', 'root', 22))


class BooleansTest(unittest.TestCase):

    def test_what_ansible_and_cordon_call_true_and_false(self):
        for v in (True, 1, '1', 'true', 'On', 'yes'):
            self.assertEqual('1', flag_value(v), v)
        for v in (False, 0, '0', 'false', 'OFF', 'no'):
            self.assertEqual('0', flag_value(v), v)
        self.assertRaises(ValueError, flag_value, 'maybe')


class DigestTest(unittest.TestCase):

    def test_a_compiled_directory_means_its_xenpolicy(self):
        d = tempfile.mkdtemp()
        with open(os.path.join(d, 'xenpolicy'), 'wb') as f:
            f.write(b'\x8c\xff\x7c\xf9policy')
        self.assertEqual(hashlib.sha256(b'\x8c\xff\x7c\xf9policy').hexdigest(), digest(d))
        self.assertEqual(digest(d), digest(os.path.join(d, 'xenpolicy')))
        self.assertIsNone(digest(os.path.join(d, 'absent')))


class FailureTest(unittest.TestCase):

    def test_each_exit_keeps_its_meaning(self):
        f = failure(3, None, 'cannot connect to ssh://root@h: Connection refused', 'cordon load')
        self.assertTrue(f['failed'] and f['unreachable_host'] and not f['needs_attention'])
        self.assertEqual('cordon load: unreachable: nothing changed: cannot connect to ssh://root@h: Connection refused',
                         f['msg'])
        f = failure(1, {'problems': ['a guest runs as x_t', 'another']}, '', 'cordon load')
        self.assertIn('the host runs what it ran', f['msg'])
        self.assertIn('a guest runs as x_t; another', f['msg'])
        self.assertTrue(failure(4, {}, '', 'cordon rollback')['needs_attention'])


class RunningCordonTest(unittest.TestCase):

    def fake(self, script):
        d = tempfile.mkdtemp()
        path = os.path.join(d, 'cordon')
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n' + script)
        os.chmod(path, stat.S_IRWXU)
        return path

    def test_the_json_report_and_the_options_reach_cordon(self):
        exe = self.fake('echo "{\\"argv\\": \\"$*\\"}"; exit 1\n')
        c = Cordon(args(cordon=exe, known_hosts='/k'), 'ssh://root@h:2', '/id')
        rc, report, err = c.status()
        self.assertEqual(1, rc)
        self.assertEqual('status --history 10 --host ssh://root@h:2 --format json --connect-timeout 20 '
                         '--history-dir /var/lib/cordon --identity /id --known-hosts /k', report['argv'])

    def test_no_report_where_one_is_due_and_no_cordon_at_all_are_errors(self):
        c = Cordon(args(cordon=self.fake('echo oops >&2; exit 0\n')), 'local', None)
        self.assertRaises(CordonError, c.status)
        gone = Cordon(args(cordon='/nonexistent/cordon'), 'local', None)
        self.assertRaises(CordonError, gone.status)

    def test_an_unreachable_host_prints_no_report_and_is_no_error_of_the_plugin(self):
        c = Cordon(args(cordon=self.fake('echo "cordon: cannot connect" >&2; exit 3\n')), 'ssh://h', None)
        self.assertEqual((3, None, 'cordon: cannot connect'), c.status())


if __name__ == '__main__':
    unittest.main()
