#!/usr/bin/env bash
# Runs HBase in distributed mode in one container: the master, one region server and the
# Thrift1 gateway, three JVMs on one classpath and one conf, against the compose `zookeeper`.
#
#   hbase-entrypoint.sh [all | master | regionserver | thrift | namenode | datanode] [generic options...]
#
# With no role, or `all`: the three JVMs described here (docker-compose.yml). With one role, that
# one JVM alone (docker-compose.cluster.yml runs one container per process, as `stack up
# --cluster` runs one JVM per process); the options after the role (`-D name=value`) go to its
# main class before its command, as the local launcher passes a region server's ports. The
# namenode role formats HDFS on its first start. One role per container is watched the same way:
# when its JVM exits, the container exits non-zero; SIGTERM stops the JVM with SIGTERM (each
# daemon's own shutdown hook: a region server closes its regions), in the order compose stops the
# services, which is the order of `stack down`: Thrift, region servers, master, then storage.
#
# Why one container and not three services from the same image: hbase.rootdir is file:// on a
# volume, and the master and the region server must see the same files (in a real cluster that
# is HDFS). One container means one mount and no files shared between containers; it is also the
# shape of the local stack (one `hbase` service: master UI on 16010, Thrift on 9090).
#
# The container lives only while all three live: when one exits, the others are stopped and the
# container exits non-zero, so compose's `restart:` policy brings the whole HBase back and
# `docker compose ps` shows the restarts, never a half-working HBase.
#
# Stopping (SIGTERM from `docker compose stop/down`, or after a crash) goes through the master:
# `HMaster stop` asks it to shut the cluster down, so the region server flushes and closes its
# regions and both exit in order. Stopping the region server first would leave its WAL to be
# split and replayed (crash recovery) at every next start.
set -euo pipefail

home=${HBASE_HOME:-/opt/hbase}
conf=${HBASE_CONF_DIR:-$home/conf}
# conf first, so hbase-site.xml wins; then the jars in Maven's order (see the Dockerfile).
classpath="$conf:$(<"$home/classpath.txt")"
read -r -a flags <<<"${HBASE_JVM_FLAGS:?HBASE_JVM_FLAGS is set in the Dockerfile}"
# How long `HMaster stop` may take to ask, and the master then to shut the cluster down, before
# the rest is stopped with SIGTERM. Compose's stop_grace_period (120 s) covers both plus the
# SIGTERM stops; after it, Docker kills everything.
stop_request_timeout=${HBASE_STOP_REQUEST_TIMEOUT:-30}
stop_timeout=${HBASE_STOP_TIMEOUT:-60}

declare -A pids=()
cmd=()

log() { echo "hbase-entrypoint: $*"; }

# Sets cmd to the java command line of one HBase process (a server, or the stop client).
jvm_command() {
	local name=$1 heap=$2
	shift 2
	local -a heapFlags
	read -r -a heapFlags <<<"$heap"
	cmd=(java "${flags[@]}" "${heapFlags[@]}"
		-Dhbase.process="$name"
		-Dlog4j2.configurationFile="$conf/log4j2.properties"
		-Djava.net.preferIPv4Stack=true
		-cp "$classpath" "$@")
}

start() {
	local name=$1
	shift
	jvm_command "$name" "$@"
	"${cmd[@]}" &
	pids[$name]=$!
	log "started $name (pid $!)"
}

alive() {
	local pid=${pids[$1]:-}
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# Waits up to $1 seconds for the processes named after it to exit by themselves; true when they did.
exited_within() {
	local seconds=$1 i name
	shift
	for ((i = 0; i <= seconds * 10; i++)); do
		for name in "$@"; do
			if alive "$name"; then
				sleep 0.1
				continue 2
			fi
		done
		return 0
	done
	return 1
}

term() {
	local name=$1
	alive "$name" || return 0
	log "stopping $name with SIGTERM"
	kill -TERM "${pids[$name]}" 2>/dev/null || return 0
	wait "${pids[$name]}" 2>/dev/null || true
}

stop_all() {
	# Thrift first: a client of HBase.
	term thrift
	if alive master; then
		log "stopping HBase through the master (HMaster stop)"
		jvm_command stop-master "${HBASE_TOOL_HEAP:--Xmx128m}" org.apache.hadoop.hbase.master.HMaster stop
		if timeout "$stop_request_timeout" "${cmd[@]}"; then
			exited_within "$stop_timeout" regionserver master || log "the master did not stop HBase within $stop_timeout s"
		else
			log "HMaster stop failed"
		fi
	fi
	# Whatever is still there: the region server before the master, which reassigns its regions.
	term regionserver
	term master
	local name
	for name in "${!pids[@]}"; do wait "${pids[$name]}" 2>/dev/null || true; done
}

on_signal() {
	trap '' TERM INT
	log "stopping"
	stop_all
	log "stopped"
	exit 0
}
# Starts one role's JVM; the arguments after the role are generic options, put before its command.
start_role() {
	local role=$1
	shift
	case $role in
		master) start master "${HBASE_MASTER_HEAP:--Xmx256m}" org.apache.hadoop.hbase.master.HMaster "$@" start ;;
		regionserver) start regionserver "${HBASE_REGIONSERVER_HEAP:--Xmx768m}" org.apache.hadoop.hbase.regionserver.HRegionServer "$@" start ;;
		# The local stack's arguments, bound to all of the container's addresses instead of 127.0.0.1:
		# threadpool = unframed transport, binary protocol (what happybase and Hue expect).
		thrift) start thrift "${HBASE_THRIFT_HEAP:--Xmx256m}" org.apache.hadoop.hbase.thrift.ThriftServer "$@" start \
			-p 9090 -b 0.0.0.0 --infoport 9095 -threadpool ;;
		namenode) start namenode "${HDFS_NAMENODE_HEAP:--Xmx256m}" org.apache.hadoop.hdfs.server.namenode.NameNode "$@" ;;
		datanode) start datanode "${HDFS_DATANODE_HEAP:--Xmx256m}" org.apache.hadoop.hdfs.server.datanode.DataNode "$@" ;;
	esac
}

# The NameNode's first start formats its folder (dfs.namenode.name.dir of the cluster's
# hdfs-site.xml); after that the VERSION file is there and the volume's data is kept.
format_hdfs() {
	local dir=${HDFS_NAME_DIR:-/data/hbase/hdfs/name}
	[[ -f $dir/current/VERSION ]] && return 0
	log "formatting HDFS in $dir (first start)"
	jvm_command namenode-format "${HDFS_NAMENODE_HEAP:--Xmx256m}" org.apache.hadoop.hdfs.server.namenode.NameNode "$@" -format -nonInteractive -force
	"${cmd[@]}"
}

role=${1:-all}
(($# > 0)) && shift
case $role in
	all)
		(($# == 0)) || {
			log "the all-in-one role takes no options (got: $*)"
			exit 64
		}
		;;
	master | regionserver | thrift | namenode | datanode) ;;
	*)
		log "unknown role '$role': all, master, regionserver, thrift, namenode or datanode"
		exit 64
		;;
esac

if [[ $role != all ]]; then
	on_role_signal() {
		trap '' TERM INT
		log "stopping"
		term "$role"
		log "stopped"
		exit 0
	}
	trap on_role_signal TERM INT
	[[ $role == namenode ]] && format_hdfs "$@"
	start_role "$role" "$@"
	set +e
	wait "${pids[$role]}"
	status=$?
	set -e
	trap '' TERM INT
	log "$role exited with status $status"
	# Non-zero even when it said 0: the service is not running, and restart: must act.
	exit $((status == 0 ? 1 : status))
fi

trap on_signal TERM INT

start_role master
start_role regionserver
start_role thrift

set +e
wait -n "${pids[master]}" "${pids[regionserver]}" "${pids[thrift]}"
status=$?
set -e
trap '' TERM INT
for name in master regionserver thrift; do
	alive "$name" || log "$name exited with status $status; stopping the others"
done
stop_all
# Non-zero even when the process that ended said 0: HBase is not running, and restart: must act.
exit $((status == 0 ? 1 : status))
