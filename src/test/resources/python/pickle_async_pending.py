"""Async pending files through Debian's Swift 2.30.1, for AsyncPendingPickleTest.

Run with the test swift dir set up (Python.withSwiftDir()).

  write DEVICES    writes async pendings the way the object server and the updater do
                   (DiskFileManager.pickle_async_update, utils.write_pickle protocol 0)
                   under DEVICES/sda and prints one path per line.
  read DEVICES     reads the files named on stdin (one per line, preceded by a line with
                   a Python literal of the expected dict) with pickle.load and with the
                   updater's own loader, and checks them; prints 'ok'.
"""
import ast
import logging
import os
import pickle
import sys

from swift.common.header_key_dict import HeaderKeyDict
from swift.common.storage_policy import POLICIES
from swift.common.utils import LogAdapter, write_pickle
from swift.obj.diskfile import DiskFileManager
from swift.obj.updater import ObjectUpdater, split_update_path

def logger():
    # a Swift LogAdapter without statsd: increment() and friends are no-ops
    base = logging.getLogger('pickle-async-pending-test')
    base.statsd_client = None
    return LogAdapter(base, 'test')


EXPECTED_KEYS = {'op', 'account', 'container', 'obj', 'headers',
                 'container_path', 'successes', 'redirect_history'}


def headers():
    h = HeaderKeyDict()
    h['x-size'] = '3'
    h['x-content-type'] = 'text/plain;swift_bytes=3'
    h['x-timestamp'] = '1700000002.00000'
    h['x-etag'] = '900150983cd24fb0d6963f7d28e17f72'
    h['x-trans-id'] = 'tx\xc3\xa9\\\n\r\x00\x1a-end'
    h['referer'] = 'PUT http://localhost/v1/a/c/o'
    h['x-backend-storage-policy-index'] = 1
    h['user-agent'] = 'object-server 4242'
    return h


def write(devices):
    conf = {'devices': devices, 'mount_check': 'false'}
    mgr = DiskFileManager(conf, logger())
    data = {'op': 'PUT', 'account': 'AUTH_t\xe9st', 'container': 'c\u20ac',
            'obj': 'o \U0001f600', 'headers': headers(),
            'container_path': '.shards_AUTH_t\xe9st/c\u20ac-1'}
    mgr.pickle_async_update('sda', data['account'], data['container'],
                            data['obj'], data, '1700000002.00000',
                            POLICIES[1])
    # the updater rewrites the file after partial success / redirects
    update = dict(data, successes=[1, 3], redirect_history=['a/c1', 'a/c2'],
                  container_path=None)
    update['headers'] = headers()
    path = os.path.join(devices, 'sda', 'async_pending', 'fff',
                        'updater-rewritten')
    write_pickle(update, path, os.path.join(devices, 'sda', 'tmp'), 0)
    for root, _, files in sorted(os.walk(os.path.join(devices, 'sda'))):
        for name in sorted(files):
            if 'async_pending' in root:
                print(os.path.join(root, name))


def read(devices):
    updater = ObjectUpdater({'devices': devices, 'mount_check': 'false'},
                            logger=logger())
    lines = sys.stdin.read().split('\n')
    checked = 0
    for expected_src, path in zip(lines[0::2], lines[1::2]):
        expected = ast.literal_eval(expected_src)
        with open(path, 'rb') as f:
            raw = f.read()
        assert raw.startswith(b'(dp0\n'), raw[:20]
        assert raw.endswith(b's.'), raw[-20:]
        got = pickle.loads(raw)
        assert got == expected, (got, expected)
        assert list(got) == list(expected), (list(got), list(expected))
        assert set(got) <= EXPECTED_KEYS
        assert type(got['headers']) is dict
        assert all(type(k) is str and type(v) is str
                   for k, v in got['headers'].items())
        assert list(got['headers']) == list(expected['headers'])
        loaded = updater._load_update(os.path.join(devices, 'sda'), path)
        assert loaded == expected, loaded
        acct, cont = split_update_path(loaded)
        assert (acct, cont) == split_update_path(expected)
        checked += 1
    assert checked == len(lines) // 2
    print('ok')


if __name__ == '__main__':
    {'write': write, 'read': read}[sys.argv[1]](sys.argv[2])
