"""Runs one of Debian's Swift 2.30.1 programs with swift.conf taken from SWIFT_DIR.

Usage: swift_run.py SWIFT_DIR /usr/bin/swift-PROGRAM ARGS...

Swift 2.30.1 always reads /etc/swift/swift.conf for the hash prefix/suffix and the storage
policies; this points it at SWIFT_DIR first so tests never touch /etc/swift.
"""
import runpy
import sys

from swift.common import utils

utils.set_swift_dir(sys.argv[1])
from swift.common import storage_policy  # noqa: E402

storage_policy.reload_storage_policies()
program = sys.argv[2]
sys.argv = [program] + sys.argv[3:]
runpy.run_path(program, run_name='__main__')
