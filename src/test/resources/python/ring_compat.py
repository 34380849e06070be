"""Builds rings with Debian's swift-ring-builder (2.30.1) and prints Swift's lookups on them.

Usage: ring_compat.py < request.json, with Swift's swift dir already set (Python.withSwiftDir).
request: {"dir": DIR, "extra": [[name, path, [parts] or null]], "names": [[a, c, o], ...]}

Builds the layouts below as DIR/<layout>.ring.gz, by running /usr/bin/swift-ring-builder in this
process (one interpreter for all commands; exit status 1 = warnings such as dispersion is fine).
Then prints one JSON object: {ring name: {"path": path, "replica_count": float,
"parts": {part: [[primary ids], [handoff ids]]}, "names": [part of each name]}}; parts null = all.
"""
import contextlib
import json
import os
import runpy
import sys

from swift.common.ring import Ring

BUILDER = '/usr/bin/swift-ring-builder'

LAYOUTS = {
    # 3 replicas, 1 region, 4 zones; per zone two ports on one ip and a second ip;
    # zone 1 replicates on other addresses/ports
    'flat': (['7', '3', '0'],
             [['r1z%d-10.0.0.%d:6200%s/sda' % (z, z, 'R10.9.0.1:6300' if z == 1 else ''), '100']
              for z in range(1, 5)] +
             [['r1z%d-10.0.0.%d:6201/sdb' % (z, z), '100'] for z in range(1, 5)] +
             [['r1z%d-10.0.1.%d:6200/sda' % (z, z), '50'] for z in range(1, 5)],
             []),
    # 2 regions of 2 zones, uneven weights
    'regions': (['6', '3', '0'],
                [['r%dz%d-10.%d.%d.1:6200/d%d' % (r, z, r, z, i), str(w)]
                 for r in (1, 2) for z in (1, 2) for i, w in ((1, 100), (2, 60))],
                []),
    # fractional replica count
    'fractional': (['6', '2.5', '0'],
                   [['r1z%d-10.0.0.%d:6200/d%d' % (z, z, i), '100']
                    for z in (1, 2, 3) for i in (1, 2)],
                   []),
    # a device removed after the first rebalance leaves a null slot
    'removed': (['8', '3', '0'],
                [['r1z%d-10.0.0.%d:6200/d%d' % (z, z, i), '100']
                 for z in (1, 2, 3) for i in (1, 2)],
                [['remove', 'd1']]),
}


def builder(*args):
    # in place: swift.cli.ringbuilder keeps the list object it saw at import as its argv
    sys.argv[:] = [BUILDER] + list(args)
    try:
        runpy.run_path(BUILDER, run_name='__main__')
    except SystemExit as e:
        if e.code not in (None, 0, 1):
            raise RuntimeError('swift-ring-builder %r exited %r' % (args, e.code))


def build(directory, name, spec):
    create, devices, after = spec
    path = os.path.join(directory, name + '.builder')
    with contextlib.redirect_stdout(sys.stderr):
        builder(path, 'create', *create)
        for dev in devices:
            builder(path, 'add', *dev)
        builder(path, 'rebalance')
        for command in after:
            builder(path, *command)
            builder(path, 'rebalance')
    return os.path.join(directory, name + '.ring.gz')


def dump(path, parts, names):
    ring = Ring(path)
    if parts is None:
        parts = range(ring.partition_count)
    out = {}
    for part in parts:
        primaries = [d['id'] for d in ring.get_part_nodes(part)]
        handoffs = [d['id'] for d in ring.get_more_nodes(part)]
        out[str(part)] = [primaries, handoffs]
    return {'path': path, 'replica_count': ring.replica_count, 'parts': out,
            'names': [ring.get_part(*n) for n in names]}


def main():
    request = json.load(sys.stdin)
    rings = [(name, build(request['dir'], name, spec), None) for name, spec in LAYOUTS.items()]
    rings += [tuple(x) for x in request['extra']]
    print(json.dumps({name: dump(path, parts, request['names']) for name, path, parts in rings}))


main()
