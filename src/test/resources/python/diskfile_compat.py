"""Drives Python Swift 2.30.1's own diskfile code for the Java compatibility tests.

Usage: diskfile_compat.py SWIFT_DIR COMMAND DEVICES < request.json > answer.json

Commands:
  apply   run a list of object operations (put, post, delete) with Swift's DiskFileManager
          (an op's optional next_part_power is X-Backend-Next-Part-Power)
  read    open objects with Swift's DiskFileManager and report their state
  hashes  Swift's get_hashes for partitions (with reclamation, as REPLICATE does)
  names   hash_path and partition of names
  info    run swift-object-info on files and report the metadata it prints
  async_write  write async pendings with Swift's pickle_async_update
  async_read   unpickle async pending files as Swift's updater does

Strings travel as JSON; Python's lone surrogates (surrogateescape) as \\udcXX escapes.
"""
import base64
import json
import os
import subprocess
import sys

from swift.common import utils

utils.set_swift_dir(sys.argv[1])
from swift.common import storage_policy  # noqa: E402

storage_policy.reload_storage_policies()
from swift.common.storage_policy import POLICIES  # noqa: E402
from swift.common.utils import Timestamp, get_logger, hash_path  # noqa: E402
from swift.obj import diskfile  # noqa: E402
from swift.common import exceptions  # noqa: E402


def manager(devices):
    conf = {'devices': devices, 'mount_check': 'false'}
    return diskfile.DiskFileManager(conf, get_logger(conf, log_route='compat'))


def obj_df(mgr, o):
    return mgr.get_diskfile(o['device'], o['partition'], o['account'], o['container'], o['obj'],
                            policy=POLICIES[o['policy']], next_part_power=o.get('next_part_power'))


def apply(devices, ops):
    mgr = manager(devices)
    for op in ops:
        df = obj_df(mgr, op)
        md = dict(op.get('metadata', {}))
        if op['op'] == 'put':
            body = base64.b64decode(op['body'])
            md['X-Timestamp'] = Timestamp(op['ts']).internal
            md['Content-Length'] = str(len(body))
            md['ETag'] = utils.md5(body, usedforsecurity=False).hexdigest()
            with df.create(size=len(body)) as w:
                w.write(body)
                w.put(md)
                w.commit(Timestamp(op['ts']))
        elif op['op'] == 'post':
            md['X-Timestamp'] = Timestamp(op['ts']).internal
            df.write_metadata(md)
        elif op['op'] == 'delete':
            df.delete(Timestamp(op['ts']))
    return {'done': len(ops)}


def read(devices, objs):
    mgr = manager(devices)
    out = []
    for o in objs:
        df = obj_df(mgr, o)
        r = {'obj': o['obj']}
        try:
            with df.open(current_time=o.get('now')):
                r['state'] = 'data'
                r['metadata'] = df.get_metadata()
                r['body'] = base64.b64encode(b''.join(df.reader())).decode('ascii')
        except exceptions.DiskFileExpired:
            # a subclass of DiskFileDeleted in Swift, so it must be caught first
            r['state'] = 'expired'
        except exceptions.DiskFileDeleted as e:
            r['state'] = 'deleted'
            r['timestamp'] = e.timestamp.internal
        except exceptions.DiskFileNotExist:
            r['state'] = 'notfound'
        hdir = df._datadir
        r['files'] = sorted(os.listdir(hdir)) if os.path.isdir(hdir) else []
        out.append(r)
    return out


def hashes(devices, parts):
    mgr = manager(devices)
    out = []
    for p in parts:
        h = mgr.get_hashes(p['device'], p['partition'], p.get('recalculate', []),
                           POLICIES[p['policy']])
        pdir = os.path.join(devices, p['device'], diskfile.get_data_dir(p['policy']), p['partition'])
        pkl = diskfile.read_hashes(pdir) if os.path.isdir(pdir) else None
        if pkl is not None:
            pkl.pop('updated', None)
        out.append({'hashes': h, 'pkl': pkl})
    return out


def names(_devices, req):
    out = []
    for n in req['names']:
        h = hash_path(n['account'], n['container'], n['obj'])
        out.append({'hash': h, 'partition': int(h[:8], 16) >> (32 - req['part_power'])})
    return out


def info(_devices, files):
    out = []
    for f in files:
        p = subprocess.run(['/usr/bin/swift-object-info', '--swift-dir', sys.argv[1], f],
                           capture_output=True, text=True, errors='surrogateescape')
        md = diskfile.read_metadata(f)
        out.append({'rc': p.returncode, 'stdout': p.stdout, 'stderr': p.stderr, 'metadata': md})
    return out


def async_write(devices, updates):
    mgr = manager(devices)
    out = []
    for u in updates:
        data = {'op': u['op'], 'account': u['account'], 'container': u['container'],
                'obj': u['obj'], 'headers': u['headers']}
        mgr.pickle_async_update(u['device'], u['account'], u['container'], u['obj'], data,
                                Timestamp(u['ts']), POLICIES[u['policy']])
        h = hash_path(u['account'], u['container'], u['obj'])
        out.append(os.path.join(devices, u['device'], diskfile.get_async_dir(u['policy']), h[-3:],
                                h + '-' + Timestamp(u['ts']).internal))
    return out


def async_read(_devices, files):
    import pickle
    out = []
    for f in files:
        with open(f, 'rb') as fp:
            out.append(pickle.load(fp))
    return out


COMMANDS = {'async_write': async_write, 'async_read': async_read, 'apply': apply, 'read': read, 'hashes': hashes, 'names': names, 'info': info}

if __name__ == '__main__':
    result = COMMANDS[sys.argv[2]](sys.argv[3], json.load(sys.stdin))
    json.dump(result, sys.stdout)
