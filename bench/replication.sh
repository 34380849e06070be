#!/usr/bin/env bash
# Replication benchmark: one replicator pass pushing N small objects (default 100,000 of 1 KiB)
# from one node to an empty peer, Debian's Swift 2.30.1 swift-object-replicator against ours, on the
# same data, the same peer and the same machine, one after the other. Both use sync_method = rsync
# to the same rsync daemon, and both REPLICATE against the same peer (Debian's object server).
#
#   bench/replication.sh                 # about 10 minutes for 100,000 objects on 2 cores
#   BENCH_OBJECTS=5000 bench/replication.sh
#
# Environment (all optional): BENCH_OBJECTS (100000), BENCH_PART_POWER (10), BENCH_CONCURRENCY
# (replicator concurrency for both, 1 = Swift's default), BENCH_RSYNC_BATCH (our
# rsync_batch_partitions; unset = our default 32, 1 = one rsync per partition as Swift; Python
# ignores the option), BENCH_WORK (bench/work/replication),
# SWIFTNODE_JAVA_OPTS for our node. Needs the built WAR (mvn -B package -DskipTests), rsync and
# Debian's swift packages. The result table is printed and saved under bench/results/.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work/replication}
N=${BENCH_OBJECTS:-100000}
PART_POWER=${BENCH_PART_POWER:-10}
CONCURRENCY=${BENCH_CONCURRENCY:-1}
BATCH_LINE=${BENCH_RSYNC_BATCH:+rsync_batch_partitions = $BENCH_RSYNC_BATCH}
PY=/usr/bin/python3
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

[ -f "$ROOT/target/object-node.war" ] || die "build the WAR first: mvn -B package -DskipTests"
command -v rsync >/dev/null || die "rsync missing"
"$PY" -c 'import swift' 2>/dev/null || die "Debian's python3-swift is needed at $PY"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # port path
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "http://127.0.0.1:$1$2" && return 0
        sleep 0.2
    done
    die "nothing answers on port $1"
}
count_data() { find "$1" -name '*.data' 2>/dev/null | wc -l; }

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK"/{etc,src/devices/sda,peer/devices/sdb,log,cache,rsync}
SRC_PORT=$(free_port); PEER_PORT=$(free_port); RSYNC_PORT=$(free_port)
while [ "$PEER_PORT" = "$SRC_PORT" ]; do PEER_PORT=$(free_port); done
while [ "$RSYNC_PORT" = "$SRC_PORT" ] || [ "$RSYNC_PORT" = "$PEER_PORT" ]; do RSYNC_PORT=$(free_port); done

cat > "$WORK/etc/swift.conf" <<CONF
[swift-hash]
swift_hash_path_prefix = bench-prefix
swift_hash_path_suffix = bench-suffix
[storage-policy:0]
name = Policy-0
default = yes
CONF
( cd "$WORK/etc"
  "$PY" /usr/bin/swift-ring-builder object.builder create "$PART_POWER" 2 1 >/dev/null
  "$PY" /usr/bin/swift-ring-builder object.builder add "r1z1-127.0.0.1:$SRC_PORT/sda" 100 >/dev/null
  "$PY" /usr/bin/swift-ring-builder object.builder add "r1z2-127.0.0.1:$PEER_PORT/sdb" 100 >/dev/null
  "$PY" /usr/bin/swift-ring-builder object.builder rebalance >/dev/null || true )
[ -f "$WORK/etc/object.ring.gz" ] || die "ring not built"

node_conf() { # file port devices
    cat > "$1" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
devices = $3
mount_check = false
swift_dir = $WORK/etc
disable_fallocate = true
recon_cache_path = $WORK/cache
user = $(id -un)
[pipeline:main]
pipeline = healthcheck object-server
[app:object-server]
use = egg:swift#object
[filter:healthcheck]
use = egg:swift#healthcheck
[object-replicator]
run_daemon = false
concurrency = $CONCURRENCY
$BATCH_LINE
rsync_module = rsync://{replication_ip}:$RSYNC_PORT/object
CONF
}
node_conf "$WORK/src.conf" "$SRC_PORT" "$WORK/src/devices"
node_conf "$WORK/peer.conf" "$PEER_PORT" "$WORK/peer/devices"

cat > "$WORK/rsync/rsyncd.conf" <<CONF
pid file = $WORK/rsync/rsyncd.pid
address = 127.0.0.1
use chroot = no
# no DNS on the bench machine: a reverse lookup per connection would only add a resolver timeout
reverse lookup = no
uid = $(id -u)
gid = $(id -g)
max connections = 16
[object]
path = $WORK/peer/devices
read only = false
lock file = $WORK/rsync/object.lock
CONF
rsync --daemon --no-detach --port="$RSYNC_PORT" --config="$WORK/rsync/rsyncd.conf" &
PIDS+=($!)

say "writing $N objects of 1 KiB with Swift's DiskFile (2 processes)"
t0=$(date +%s.%N)
"$PY" "$BENCH/python/make_objects.py" "$WORK/etc" "$WORK/src.conf" sda "$N" 2
say "written in $(echo "$(date +%s.%N) - $t0" | bc) s; $(count_data "$WORK/src/devices") .data files"

"$PY" "$BENCH/python/swift_bench_run.py" "$WORK/etc" "$WORK/log/peer.log" /usr/bin/swift-object-server \
    "$WORK/peer.conf" >"$WORK/log/peer.out" 2>&1 &
PIDS+=($!)
wait_http "$PEER_PORT" /healthcheck

reset_peer() { rm -rf "$WORK/peer/devices/sdb"; mkdir -p "$WORK/peer/devices/sdb/objects"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }

# ---- Python's replicator
reset_peer; drop_caches
say "Python swift-object-replicator once"
t0=$(date +%s.%N)
"$PY" "$BENCH/python/swift_bench_run.py" "$WORK/etc" "$WORK/log/python-replicator.log" \
    /usr/bin/swift-object-replicator "$WORK/src.conf" once >"$WORK/log/python-replicator.out" 2>&1
PY_SECS=$(echo "$(date +%s.%N) - $t0" | bc)
PY_COPIED=$(count_data "$WORK/peer/devices")
say "Python: $PY_SECS s, $PY_COPIED objects on the peer"

# ---- ours
reset_peer
say "starting our node on the source device"
SWIFTNODE_DATA="$WORK/ours" SWIFTNODE_LOG_DIR="$WORK/log" SWIFTNODE_NO_BUILD=1 \
    "$ROOT/payara/run.sh" "$WORK/src.conf" >"$WORK/log/ours.out" 2>&1 &
PIDS+=($!)
wait_http "$SRC_PORT" /healthcheck
drop_caches
say "our replicator: POST /admin/api/daemons/replicator/run-once"
t0=$(date +%s.%N)
curl -sf -X POST "http://127.0.0.1:$SRC_PORT/admin/api/daemons/replicator/run-once" >"$WORK/log/ours-pass.json"
OURS_SECS=$(echo "$(date +%s.%N) - $t0" | bc)
OURS_COPIED=$(count_data "$WORK/peer/devices")
say "ours: $OURS_SECS s, $OURS_COPIED objects on the peer"

mkdir -p "$BENCH/results"
OUT="$BENCH/results/replication-$STAMP.txt"
{
    echo "replication pass, $N objects of 1 KiB, part power $PART_POWER, 2 replicas, concurrency $CONCURRENCY,"
    echo "our rsync_batch_partitions: ${BENCH_RSYNC_BATCH:-default (32)}"
    echo "sync_method rsync to one rsync daemon; peer = Debian swift-object-server; $(nproc) cores; $(date -u)"
    echo "server: $(cd "$ROOT" && git rev-parse --short HEAD)"
    printf '%-28s %10s %12s %10s\n' replicator seconds objects/s copied
    printf '%-28s %10.1f %12.0f %10d\n' "Swift 2.30.1 (Python)" "$PY_SECS" "$(echo "$N / $PY_SECS" | bc -l)" "$PY_COPIED"
    printf '%-28s %10.1f %12.0f %10d\n' "ours" "$OURS_SECS" "$(echo "$N / $OURS_SECS" | bc -l)" "$OURS_COPIED"
    printf 'ratio ours/Python (speed): %.2fx\n' "$(echo "$PY_SECS / $OURS_SECS" | bc -l)"
    echo "our pass stats: $(cat "$WORK/log/ours-pass.json")"
} | tee "$OUT"
[ "$PY_COPIED" = "$N" ] && [ "$OURS_COPIED" = "$N" ] || die "not every object reached the peer (see $WORK/log)"
