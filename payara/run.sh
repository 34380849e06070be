#!/usr/bin/env bash
# Start one Swift object server on Payara Micro, like `swift-object-server CONF`.
#
#   payara/run.sh [CONF]
#
# CONF is a Swift object-server.conf (file or .conf directory). Without it a working default is
# created under <repo>/data (kept across runs) and used: see default_config below.
#
# The config is validated (with the server's own parser) before Payara starts; bind_ip/bind_port
# come from it. The process execs into Java, so SIGTERM/SIGINT to this PID stops Payara cleanly.
# Output goes to stdout and to $SWIFTNODE_LOG_DIR/object-server-<port>.log; the one line per request
# in Swift's access-log format goes to $SWIFTNODE_LOG_DIR/object-server-<port>.access.log.
#
# Environment (all optional):
#   SWIFTNODE_DATA       data root for the default config, logs, run dirs (default: <repo>/data)
#   SWIFTNODE_LOG_DIR    log directory (default: $SWIFTNODE_DATA/log)
#   SWIFTNODE_JAVA_OPTS  JVM options (default: -Xms256m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError)
#   SWIFTNODE_MVN_FLAGS  extra Maven flags for the build, e.g. -o
#   SWIFTNODE_NO_BUILD   non-empty: never build, run target/ as it is (fails if the WAR is missing);
#                        for callers inside a Maven run (integration tests), where a nested build
#                        would rewrite target/ under the running build
#   JAVA_HOME            JDK to run (default: java on PATH)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WAR=$ROOT/target/object-node.war
MICRO=$ROOT/target/payara-micro.jar
CLASSES=$ROOT/target/classes
DATA=${SWIFTNODE_DATA:-$ROOT/data}
mkdir -p "$DATA" && DATA=$(cd "$DATA" && pwd)   # absolute: it is written into the default config
LOG_DIR=${SWIFTNODE_LOG_DIR:-$DATA/log}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

die() { echo "run.sh: $*" >&2; exit 1; }

abspath() {
    local p=$1
    [ -e "$p" ] || die "no such config: $p"
    if [ -d "$p" ]; then (cd "$p" && pwd); else echo "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"; fi
}

# A node of its own under $DATA: loopback only (an object server has no authentication: expose it
# to a network deliberately, by editing bind_ip), one device sdb1, mount_check off (plain
# directory), and a swift.conf whose random hash prefix/suffix are kept so restarts find the data.
default_config() {
    local etc=$DATA/etc conf=$DATA/etc/object-server.conf
    mkdir -p "$etc" "$DATA/devices/sdb1" "$DATA/cache"
    if [ ! -e "$etc/swift.conf" ]; then
        local prefix suffix
        prefix=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
        suffix=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
        cat > "$etc/swift.conf.tmp" <<EOF
# Created by payara/run.sh. The hash prefix/suffix place every object: never change them once
# objects are stored (copy this file to every node of a cluster).
[swift-hash]
swift_hash_path_prefix = $prefix
swift_hash_path_suffix = $suffix

[storage-policy:0]
name = Policy-0
default = yes
EOF
        mv "$etc/swift.conf.tmp" "$etc/swift.conf"
    fi
    if [ ! -e "$conf" ]; then
        cat > "$conf.tmp" <<EOF
# Created by payara/run.sh: a single-device object server for local use.
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = 6200
devices = $DATA/devices
mount_check = false
swift_dir = $etc
recon_cache_path = $DATA/cache

[pipeline:main]
pipeline = healthcheck recon object-server

[app:object-server]
use = egg:swift#object

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon

# The daemons run inside the server when their section is here. A one-device node has no peers
# and no rings: replicator and updater run only on request (admin API) until object.ring.gz and
# container.ring.gz are in swift_dir and the run_daemon lines are removed.
[object-replicator]
run_daemon = false

[object-updater]
run_daemon = false

[object-auditor]
EOF
        mv "$conf.tmp" "$conf"
    fi
    echo "$conf"
}

# Build the WAR when it is missing or older than the sources; one build at a time across instances.
build_if_needed() {
    mkdir -p "$ROOT/target"
    if [ -n "${SWIFTNODE_NO_BUILD:-}" ]; then
        [ -f "$WAR" ] && [ -f "$MICRO" ] && [ -d "$CLASSES" ] \
            || die "SWIFTNODE_NO_BUILD is set but $WAR, $MICRO or $CLASSES is missing (run mvn package)"
        return 0
    fi
    (
        flock 9
        if [ ! -f "$WAR" ] || [ ! -f "$MICRO" ] || [ ! -d "$CLASSES" ] \
            || [ -n "$(find "$ROOT/src/main" "$ROOT/src/payara-glue" "$ROOT/pom.xml" -newer "$WAR" -print -quit)" ]; then
            echo "run.sh: building $WAR" >&2
            # shellcheck disable=SC2086
            # (Maven 3.8 prints colour resets even in batch mode; strip them)
            (cd "$ROOT" && mvn -B -q -DskipTests ${SWIFTNODE_MVN_FLAGS:-} package) 2>&1 \
                | sed 's/\x1b\[[0-9;]*m//g' >&2
        fi
    ) 9>"$ROOT/target/.run-build.lock"
}

[ $# -le 1 ] || die "usage: payara/run.sh [CONF]"
if [ $# -eq 1 ]; then CONF=$(abspath "$1"); else CONF=$(default_config); fi

build_if_needed

declare -A cfg
while IFS='=' read -r key value; do
    cfg[$key]=$value
done < <("$JAVA" -cp "$CLASSES" io.swiftnode.config.ConfigCheck "$CONF")
[ -n "${cfg[bind_port]:-}" ] || die "invalid config $CONF (see the message above)"
PORT=${cfg[bind_port]}
BIND_IP=${cfg[bind_ip]}

RUN_DIR=$DATA/run/object-server-$PORT
mkdir -p "$RUN_DIR" "$LOG_DIR"
if [ -f "$RUN_DIR/pid" ]; then
    old=$(cat "$RUN_DIR/pid")
    if tr '\0' ' ' < "/proc/$old/cmdline" 2>/dev/null | grep -q -- "--port $PORT "; then
        die "an object server with port $PORT is already running (pid $old)"
    fi
fi
rm -rf "$RUN_DIR/tmp"
mkdir -p "$RUN_DIR/tmp"

PREBOOT=$RUN_DIR/preboot.asadmin
cp "$ROOT/payara/preboot.asadmin" "$PREBOOT"
if [ "$BIND_IP" != "0.0.0.0" ] && [ -n "$BIND_IP" ]; then
    echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$BIND_IP" >> "$PREBOOT"
fi
POSTBOOT=()
if [ -f "$ROOT/payara/postboot.asadmin" ]; then
    POSTBOOT=(--postbootcommandfile "$ROOT/payara/postboot.asadmin")
fi

LOG=$LOG_DIR/object-server-$PORT.log
echo "run.sh: object server $BIND_IP:$PORT, config $CONF, devices ${cfg[devices]}, policies ${cfg[policies]}, log $LOG" >&2
echo $$ > "$RUN_DIR/pid"

# From here on everything goes to the terminal and the log; tee ignores the signals meant for Java
# so that Payara's shutdown lines still reach the log.
exec > >(trap '' INT TERM HUP; exec tee -a "$LOG") 2>&1

# Always, whatever SWIFTNODE_JAVA_OPTS says: Payara's Grizzly otherwise answers 400 to a request header value
# or header name with an octet >= 0x80 before the application runs (header values are octets,
# object-server-http.md 2.4; eventlet passes such names too, one char per octet).
# shellcheck disable=SC2086
exec "$JAVA" ${SWIFTNODE_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError} \
    -Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false \
    -Dorg.glassfish.grizzly.http.STRICT_HEADER_NAME_VALIDATION_RFC_9110=false \
    -Djava.io.tmpdir="$RUN_DIR/tmp" \
    -Dswiftnode.conf="$CONF" \
    -Dswiftnode.accessLog="$LOG_DIR/object-server-$PORT.access.log" \
    -jar "$MICRO" \
    --nohazelcast \
    --port "$PORT" \
    --contextroot / \
    --deploy "$WAR" \
    --prebootcommandfile "$PREBOOT" \
    --logproperties "$ROOT/payara/logging.properties" \
    "${POSTBOOT[@]}"
