#!/usr/bin/env bash
# Object-server benchmark: ours (payara/run.sh) against Debian's Swift 2.30.1 object server
# (workers = 2) on this machine, plus the container ceiling (an empty servlet on the same Payara
# Micro) and the raw fsync ceiling of the same disk. One table, also saved to bench/results/.
#
#   bench/run.sh            # about 10 minutes on 2 cores (+1 when the snapshot must be built)
#   bench/run.sh serve      # only start the three servers, print their addresses, wait for Ctrl-C
#                           # (for profiling: BENCH_SERVER_JAVA_OPTS="... -XX:StartFlightRecording=...",
#                           # then load them with Bench's arguments printed here)
#
# Not part of the WAR or of `mvn verify`. Steps: build a snapshot of the server (BENCH_REV, default
# HEAD) under bench/work/snap/, compile bench/src and the ceiling WAR with javac, start the three
# servers on free loopback ports with their own device dirs under bench/work/data/ (same disk),
# run bench/src/io/swiftnode/bench/Bench.java, stop the servers by PID, delete the objects.
#
# Environment (all optional):
#   BENCH_REV                git revision to build and run (default HEAD); "worktree" = the working
#                            tree's pom.xml, src/ and payara/ as they are now
#   BENCH_SERVER_JAVA_OPTS   JVM options of our server and the ceiling (default below)
#   BENCH_PAYARA_TUNING      asadmin lines appended to payara/preboot.asadmin for both Payara
#                            instances (default bench/payara-tuning.asadmin; /dev/null for none)
#   BENCH_ARGS               extra key=value arguments for Bench (e.g. "small.measure=10 conc=1,16")
#   BENCH_KEEP_DATA          non-empty: keep bench/work/data (objects, logs) afterwards
#   BENCH_WORK               work dir (default bench/work)
#   SWIFTNODE_MVN_FLAGS      extra Maven flags for the snapshot build
#   JAVA_HOME                JDK (default: java on PATH)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)
REV=${BENCH_REV:-HEAD}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
JAR=${JAVA_HOME:+$JAVA_HOME/bin/}jar
PY=/usr/bin/python3
SERVER_OPTS=${BENCH_SERVER_JAVA_OPTS:--server -Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError}
TUNING=${BENCH_PAYARA_TUNING:-$BENCH/payara-tuning.asadmin}
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
DATA=$WORK/data
LOGS=$DATA/log

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

command -v "$JAVAC" >/dev/null || die "javac not found (need a JDK 17)"
[ -x "$PY" ] && "$PY" -c 'import swift' 2>/dev/null \
    || die "Debian's python3-swift 2.30.1 is needed at $PY (apt-get install swift-object)"
[ -x /usr/bin/swift-object-server ] || die "/usr/bin/swift-object-server missing (apt-get install swift-object)"

LOAD_START=$(uptime)
say "load at start: $LOAD_START"

# ---------------------------------------------------------------- 1. snapshot build of the server
# A copy of the sources built in its own directory: other builds in the repository's target/ cannot
# change the server under test while it runs. Cached per commit.
if [ "$REV" = worktree ]; then
    SNAP_ID=worktree-$(cd "$ROOT" && tar cf - pom.xml src payara | sha1sum | cut -c1-12)
    DESCRIBE="working tree of $(cd "$ROOT" && git rev-parse --short HEAD) ($SNAP_ID)"
else
    SNAP_ID=$(cd "$ROOT" && git rev-parse "$REV")
    DESCRIBE="$(cd "$ROOT" && git log -1 --format='%h %s' "$REV" | cut -c1-100)"
fi
SNAP=$WORK/snap/$SNAP_ID
if [ ! -f "$SNAP/target/object-node.war" ]; then
    say "building a snapshot of $REV in $SNAP"
    rm -rf "$SNAP.tmp" && mkdir -p "$SNAP.tmp"
    if [ "$REV" = worktree ]; then
        (cd "$ROOT" && tar cf - pom.xml src payara) | tar xf - -C "$SNAP.tmp"
    else
        (cd "$ROOT" && git archive "$REV" pom.xml src payara) | tar xf - -C "$SNAP.tmp"
    fi
    # shellcheck disable=SC2086
    (cd "$SNAP.tmp" && { mvn -B -q -o -Dmaven.test.skip=true ${SWIFTNODE_MVN_FLAGS:-} package \
        || mvn -B -q -Dmaven.test.skip=true ${SWIFTNODE_MVN_FLAGS:-} package; }) 2>&1 \
        | sed 's/\x1b\[[0-9;]*m//g' >&2
    [ -f "$SNAP.tmp/target/object-node.war" ] || die "snapshot build failed"
    rm -rf "$SNAP" && mv "$SNAP.tmp" "$SNAP"
fi
touch "$SNAP"
# keep the three most recently used snapshots
ls -dt "$WORK"/snap/*/ 2>/dev/null | tail -n +4 | while read -r old; do rm -rf "$old"; done

# ---------------------------------------------------------------- 2. the load generator and the ceiling WAR
CLASSES=$WORK/classes
rm -rf "$CLASSES" "$WORK/ceiling" && mkdir -p "$CLASSES" "$WORK/ceiling/war/WEB-INF/classes"
"$JAVAC" --release 17 -d "$CLASSES" "$BENCH"/src/io/swiftnode/bench/*.java
SERVLET_API=$(ls "$HOME"/.m2/repository/jakarta/servlet/jakarta.servlet-api/6.*/jakarta.servlet-api-6.*.jar 2>/dev/null | head -1)
[ -n "$SERVLET_API" ] || SERVLET_API=$SNAP/target/payara-internals/jakarta.servlet-api.jar
[ -f "$SERVLET_API" ] || die "no jakarta.servlet-api 6 jar in ~/.m2 or $SNAP/target/payara-internals"
"$JAVAC" --release 17 -cp "$SERVLET_API" -d "$WORK/ceiling/war/WEB-INF/classes" "$BENCH"/ceiling/CeilingServlet.java
(cd "$WORK/ceiling/war" && "$JAR" cf "$WORK/ceiling/ceiling.war" .)

# ---------------------------------------------------------------- 3. node roots for payara/run.sh
# <root>/payara = the snapshot's payara/ with the bench tuning appended to preboot.asadmin;
# <root>/target = the snapshot's WAR (or the ceiling WAR), payara-micro.jar and classes (ConfigCheck).
make_root() { # DIR WAR
    local dir=$1 war=$2
    rm -rf "$dir" && mkdir -p "$dir/target" "$dir/src/main"
    cp -r "$SNAP/payara" "$dir/payara"
    { echo; echo "# ---- appended by bench/run.sh from $TUNING"; cat "$TUNING"; } >> "$dir/payara/preboot.asadmin"
    cp -r "$SNAP/target/classes" "$dir/target/classes"
    ln "$SNAP/target/payara-micro.jar" "$dir/target/payara-micro.jar" 2>/dev/null \
        || cp "$SNAP/target/payara-micro.jar" "$dir/target/payara-micro.jar"
    cp "$war" "$dir/target/object-node.war"
    touch -d '2000-01-01' "$dir/pom.xml"
    touch "$dir/target/object-node.war"
}
make_root "$WORK/node-ours" "$SNAP/target/object-node.war"
make_root "$WORK/node-ceiling" "$WORK/ceiling/ceiling.war"
# preboot keeps the HTTP listener closed until the object server's WAR opens it (or, in older
# revisions, postdeploy.asadmin does): the ceiling WAR does not, so its listener starts open
echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.enabled=true" \
    >> "$WORK/node-ceiling/payara/preboot.asadmin"

# ---------------------------------------------------------------- 4. data dirs and configs
rm -rf "$DATA"
mkdir -p "$DATA/etc" "$LOGS" "$DATA/disk"
cat > "$DATA/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_prefix = $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
swift_hash_path_suffix = $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')

[storage-policy:0]
name = Policy-0
default = yes
EOF

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# object-server.conf for NAME on PORT: the same for both servers (ours ignores workers)
write_conf() { # NAME PORT
    local name=$1 port=$2
    mkdir -p "$DATA/devices/$name/sda1" "$DATA/cache/$name"
    cat > "$DATA/etc/$name-object-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
devices = $DATA/devices/$name
mount_check = false
swift_dir = $DATA/etc
user = $(id -un)
workers = 2
disable_fallocate = false
log_name = object-server

[pipeline:main]
pipeline = healthcheck recon object-server

[app:object-server]
use = egg:swift#object

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
recon_cache_path = $DATA/cache/$name
EOF
}

declare -A PIDS PORTS
stop_all() {
    local name pid
    for name in "${!PIDS[@]}"; do
        pid=${PIDS[$name]}
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    PIDS=()
}
cleanup() {
    stop_all
    if [ -z "${BENCH_KEEP_DATA:-}" ]; then rm -rf "$DATA/devices" "$DATA/disk"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_one() { # NAME
    local name=$1 port out
    out=$LOGS/$name.out
    port=$(free_port)
    write_conf "$name" "$port"
    local conf=$DATA/etc/$name-object-server.conf
    case $name in
        python)
            setsid "$PY" "$BENCH/python/swift_bench_run.py" "$DATA/etc" "$LOGS/python-object-server.log" \
                /usr/bin/swift-object-server "$conf" > "$out" 2>&1 < /dev/null &
            ;;
        ours|ceiling)
            SWIFTNODE_DATA=$DATA/$name SWIFTNODE_LOG_DIR=$LOGS SWIFTNODE_NO_BUILD=1 \
                SWIFTNODE_JAVA_OPTS="$SERVER_OPTS" \
                setsid "$WORK/node-$name/payara/run.sh" "$conf" > "$out" 2>&1 < /dev/null &
            ;;
    esac
    PIDS[$name]=$!
    PORTS[$name]=$port
}

# Start, wait for /healthcheck; a server that died (a port taken meanwhile) is restarted on another.
wait_ready() { # NAME
    local name=$1 tries=0 deadline
    deadline=$((SECONDS + 300))
    while :; do
        if [ "$(curl -s -m 2 "http://127.0.0.1:${PORTS[$name]}/healthcheck" 2>/dev/null)" = OK ]; then
            say "$name ready on port ${PORTS[$name]} (pid ${PIDS[$name]})"
            return 0
        fi
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            tries=$((tries + 1))
            [ $tries -lt 3 ] || { tail -20 "$LOGS/$name.out" >&2; die "$name did not start"; }
            say "$name exited during start-up (see $LOGS/$name.out); again on another port"
            unset "PIDS[$name]"
            start_one "$name"
        fi
        [ $SECONDS -lt $deadline ] || { tail -20 "$LOGS/$name.out" >&2; die "$name not ready after 300 s"; }
        sleep 1
    done
}

say "starting ours, the ceiling and python"
start_one ours
start_one ceiling
start_one python
wait_ready python
wait_ready ours
wait_ready ceiling

if [ "${1:-}" = serve ]; then
    say "serving; load with:"
    echo "$JAVA -cp $CLASSES io.swiftnode.bench.Bench ours=127.0.0.1:${PORTS[ours]}:${PIDS[ours]}" \
        "python=127.0.0.1:${PORTS[python]}:${PIDS[python]} ceiling=127.0.0.1:${PORTS[ceiling]}:${PIDS[ceiling]}" \
        "diskdir=$DATA/disk hz=$(getconf CLK_TCK) [only=small|big|disk conc=16 small.measure=20 ...]"
    say "Ctrl-C (or SIGTERM to $$) stops them"
    while :; do sleep 3600 & wait $! || break; done
    exit 0
fi

# ---------------------------------------------------------------- 5. the run
mkdir -p "$BENCH/results"
RESULT=$BENCH/results/$STAMP.txt
HEADER=$WORK/header.txt
{
    echo "swiftnode object-server benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "server under test: $DESCRIBE"
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -r)"
    echo "disk: $(df -h "$DATA" | awk 'NR==2 {print $1 ", " $2 " (" $5 " used)"}'), $(findmnt -n -o FSTYPE,OPTIONS --target "$DATA" 2>/dev/null | cut -c1-60)"
    echo "load at start: $LOAD_START"
    echo "  (the machine is shared: other builds run at the same time; look at load1 per cell and at cpu us/req)"
    echo "ours:      payara/run.sh of the snapshot, Payara Micro 6.2025.10, $($JAVA -version 2>&1 | head -1)"
    echo "           JVM: $SERVER_OPTS"
    echo "           preboot: payara/preboot.asadmin + $(basename "$TUNING") ($(grep -c '^set' "$TUNING") settings)"
    echo "python:    Debian swift-object-server $(dpkg-query -W -f='${Version}' python3-swift 2>/dev/null), workers = 2, file log handler"
    echo "container: ceiling.war (a servlet answering 4 KiB from memory) on the same Payara, JVM options and preboot"
    echo "both:      same object-server.conf apart from port/devices: log_requests on (default), disable_fallocate = false,"
    echo "           mount_check = false, Swift defaults otherwise (keep_cache_size 5 MiB: both drop 64 MiB objects from"
    echo "           the page cache after PUT and GET; python also drops 4 KiB objects after PUT, ours keeps them)"
    echo "requests:  PUT /sda1/<part>/a/c/o<N> with X-Timestamp, Content-Type, Content-Length, X-Backend-Storage-Policy-Index: 0,"
    echo "           no X-Container-* (no container updates), no Expect; GET/HEAD random objects of the PUT cells;"
    echo "           DELETE each object once; 64 MiB: one object name per connection, overwritten; body from a 1 MiB buffer"
    echo "cells:     each a fresh set of keep-alive connections (one thread each); A/B order alternates per cell;"
    echo "           p50/p99 of requests completed in the measured window (after the warm-up); MB/s = body bytes"
    echo "           in the window; cpu us/req = server process tree utime+stime in the window / requests, sys% its"
    echo "           kernel share; bench us = this load generator's own CPU per request (it shares the cores)"
    echo "arguments: ${BENCH_ARGS:-(defaults)}"
} > "$HEADER"

say "running the cells (progress below; the table comes at the end)"
# shellcheck disable=SC2086
"$JAVA" -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CLASSES" io.swiftnode.bench.Bench \
    ours=127.0.0.1:${PORTS[ours]}:${PIDS[ours]} \
    python=127.0.0.1:${PORTS[python]}:${PIDS[python]} \
    ceiling=127.0.0.1:${PORTS[ceiling]}:${PIDS[ceiling]} \
    diskdir="$DATA/disk" hz="$(getconf CLK_TCK)" header="$HEADER" out="$RESULT" ${BENCH_ARGS:-}

{
    echo "load at end: $(uptime)"
    # ours: SEVERE records (one per error, the stack trace on the following lines); python: ERROR lines.
    # Expect some on both from the 64 MiB GETs cut off at the end of a cell (the client closes them).
    echo "errors logged by ours: $(grep -c '\[SEVERE\]' "$LOGS/object-server-${PORTS[ours]}.log" 2>/dev/null || true)" \
        "($(grep -c 'ERROR __call__ error with GET.*/big' "$LOGS/object-server-${PORTS[ours]}.log" 2>/dev/null || true) of them GETs of 64 MiB objects)," \
        "by python: $(grep -c -E 'ERROR|Traceback' "$LOGS/python-object-server.log" 2>/dev/null || true);" \
        "logs in ${LOGS#"$ROOT"/} (removed by the next run)"
} | tee -a "$RESULT"
say "saved $RESULT"
