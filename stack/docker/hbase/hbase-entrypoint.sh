#!/usr/bin/env bash
# Runs HBase in distributed mode in one container: the master, one region server and the
# Thrift1 gateway, three JVMs on one classpath and one conf, against the compose `zookeeper`.
#
# Why one container and not three services from the same image: hbase.rootdir is file:// on a
# volume, and the master and the region server must see the same files (in a real cluster that
# is HDFS). One container means one mount and no files shared between containers; it is also the
# shape of the local stack (one `hbase` service: master UI on 16010, Thrift on 9090).
# The container lives only while all three live: when one exits, the others are stopped and the
# container exits non-zero, so `docker compose ps` shows the failure, not a half-working HBase.
set -euo pipefail

home=${HBASE_HOME:-/opt/hbase}
conf=${HBASE_CONF_DIR:-$home/conf}
# conf first, so hbase-site.xml wins; then the jars in Maven's order (see the Dockerfile).
classpath="$conf:$(<"$home/classpath.txt")"
read -r -a flags <<<"${HBASE_JVM_FLAGS:?HBASE_JVM_FLAGS is set in the Dockerfile}"

pids=()

start() {
	local name=$1 heap=$2
	shift 2
	local -a heapFlags
	read -r -a heapFlags <<<"$heap"
	java "${flags[@]}" "${heapFlags[@]}" \
		-Dhbase.process="$name" \
		-Dlog4j2.configurationFile="$conf/log4j2.properties" \
		-Djava.net.preferIPv4Stack=true \
		-cp "$classpath" "$@" &
	pids+=("$!")
	echo "hbase-entrypoint: started $name (pid $!)"
}

# Thrift first (a client of HBase), then the region server (it flushes and closes its
# regions on SIGTERM), the master last. Compose's stop_grace_period must cover this.
stop_all() {
	local i pid
	for i in 2 1 0; do
		pid=${pids[$i]:-}
		[[ -z $pid ]] && continue
		kill -TERM "$pid" 2>/dev/null || continue
		wait "$pid" 2>/dev/null || true
	done
}

trap 'echo "hbase-entrypoint: stopping"; stop_all; exit 0' TERM INT

start master "${HBASE_MASTER_HEAP:--Xmx768m}" org.apache.hadoop.hbase.master.HMaster start
start regionserver "${HBASE_REGIONSERVER_HEAP:--Xmx1536m}" org.apache.hadoop.hbase.regionserver.HRegionServer start
# The local stack's arguments, bound to all of the container's addresses instead of 127.0.0.1:
# threadpool = unframed transport, binary protocol (what happybase and Hue expect).
start thrift "${HBASE_THRIFT_HEAP:--Xmx768m}" org.apache.hadoop.hbase.thrift.ThriftServer start \
	-p 9090 -b 0.0.0.0 --infoport 9095 -threadpool

set +e
wait -n "${pids[@]}"
status=$?
set -e
echo "hbase-entrypoint: a process exited with status $status; stopping the others"
stop_all
exit $((status == 0 ? 1 : status))
