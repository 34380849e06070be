"""Writes N small objects onto one device with Swift 2.30.1's own DiskFile code (replication bench).

Usage: make_objects.py SWIFT_DIR CONF DEVICE COUNT WORKERS

Objects /AUTH_bench/c/o<i> of 1 KiB, each in the partition the object ring of SWIFT_DIR gives it,
written exactly as Swift's object server writes them (xattr metadata, fsyncs, hashes.invalid).
"""
import multiprocessing
import os
import sys

from swift.common import utils

utils.set_swift_dir(sys.argv[1])
from swift.common import storage_policy  # noqa: E402
storage_policy.reload_storage_policies()
from swift.common.ring import Ring  # noqa: E402
from swift.common.utils import Timestamp, readconf, md5  # noqa: E402
from swift.obj.diskfile import DiskFileRouter  # noqa: E402

SWIFT_DIR, CONF, DEVICE = sys.argv[1], sys.argv[2], sys.argv[3]
COUNT, WORKERS = int(sys.argv[4]), int(sys.argv[5])
BODY = b'x' * 1024
ETAG = md5(BODY, usedforsecurity=False).hexdigest()


def work(worker):
    conf = readconf(CONF, 'app:object-server')
    policy = storage_policy.POLICIES[0]
    mgr = DiskFileRouter(conf, utils.get_logger(conf))[policy]
    ring = Ring(SWIFT_DIR, ring_name='object')
    for i in range(worker, COUNT, WORKERS):
        name = 'o%07d' % i
        part = ring.get_part('AUTH_bench', 'c', name)
        df = mgr.get_diskfile(DEVICE, str(part), 'AUTH_bench', 'c', name, policy=policy)
        ts = Timestamp(1700000000 + i / 1000.0)
        with df.create(size=len(BODY)) as writer:
            writer.write(BODY)
            writer.put({'name': '/AUTH_bench/c/' + name, 'X-Timestamp': ts.internal,
                        'Content-Length': str(len(BODY)), 'ETag': ETAG,
                        'Content-Type': 'application/octet-stream'})
            writer.commit(ts)


if __name__ == '__main__':
    procs = [multiprocessing.Process(target=work, args=(w,)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            sys.exit(p.exitcode)
