"""Runs Debian's swift-object-server 2.30.1 for bench/run.sh, logging to a file.

Usage: swift_bench_run.py SWIFT_DIR LOG_FILE /usr/bin/swift-object-server CONF

Like src/test/resources/python/swift_run.py (swift.conf taken from SWIFT_DIR instead of
/etc/swift), and in addition Swift's syslog handler is replaced by an append-mode file handler:
nothing listens on /dev/log or UDP 514 here, and a benchmark should pay for writing its log lines
(ours writes one access-log line per request too). The handler takes the same eventlet-aware lock
as Swift's ThreadSafeSysLogHandler; O_APPEND keeps the workers' lines whole.
"""
import logging
import runpy
import sys

from swift.common import utils

LOG_FILE = sys.argv[2]


class FileLogHandler(logging.FileHandler):
    def __init__(self, address=None, facility=None, **_kwargs):
        logging.FileHandler.__init__(self, LOG_FILE, mode='a')

    def createLock(self):
        self.lock = utils.PipeMutex()


utils.ThreadSafeSysLogHandler = FileLogHandler
utils.set_swift_dir(sys.argv[1])
from swift.common import storage_policy  # noqa: E402

storage_policy.reload_storage_policies()
program = sys.argv[3]
sys.argv = [program] + sys.argv[4:]
runpy.run_path(program, run_name='__main__')
