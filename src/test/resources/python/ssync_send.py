"""Runs Swift 2.30.1's own ssync sender (swift.obj.ssync_sender.Sender) once, from a local device to
a remote object server, and prints its outcome as JSON.

Usage: ssync_send.py SWIFT_DIR DEVICES LOCAL_DEVICE PARTITION POLICY REMOTE_IP REMOTE_PORT REMOTE_DEVICE
                     [--remote-check]

All suffixes present in the local partition are offered. Output (stdout, one line):
{"success": bool, "in_sync": {hash: {"ts_data": internal, ...}}}; the sender's log lines go to stderr.
"""
import json
import logging
import os
import sys

from swift.common import utils

utils.set_swift_dir(sys.argv[1])
from swift.common import storage_policy  # noqa: E402

storage_policy.reload_storage_policies()
from swift.obj import diskfile, ssync_sender  # noqa: E402

devices, device, partition, policy_index = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
remote_ip, remote_port, remote_device = sys.argv[6], int(sys.argv[7]), sys.argv[8]
remote_check = '--remote-check' in sys.argv[9:]

logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
logger = logging.getLogger('ssync-send')
conf = {'devices': devices, 'mount_check': 'false'}


class Daemon(object):
    conn_timeout = 5.0
    node_timeout = 30.0
    http_timeout = 60.0
    network_chunk_size = 65536

    def __init__(self):
        self.logger = logger
        self._df_router = diskfile.DiskFileRouter(conf, logger)


policy = storage_policy.POLICIES[policy_index]
part_dir = os.path.join(devices, device, storage_policy.get_policy_string('objects', policy), partition)
suffixes = sorted(s for s in os.listdir(part_dir) if len(s) == 3) if os.path.isdir(part_dir) else []
job = {'device': device, 'partition': partition, 'policy': policy}
node = {'replication_ip': remote_ip, 'replication_port': remote_port, 'device': remote_device, 'index': 0}
daemon = Daemon()
remote_check_objs = None
if remote_check:
    remote_check_objs = set(h for h, _ in daemon._df_router[policy].yield_hashes(device, partition, policy, suffixes))
success, in_sync = ssync_sender.Sender(daemon, node, job, suffixes, remote_check_objs)()
out = {h: {k: (v.internal if hasattr(v, 'internal') else v) for k, v in ts.items()} for h, ts in in_sync.items()}
print(json.dumps({'success': success, 'in_sync': out}, sort_keys=True))
