#!/usr/bin/env bash
# `init --fix` for the docker compose stack, run inside the hbase container:
#   docker compose exec hbase fix-families <table> <family:versions>... [--drop-extra]
# (`userdata-tui init --fix` prints the exact command.) FixFamilies (stack/tools/FixFamilies.java,
# compiled into the image) finds the master through ZooKeeper, which names it and the region
# server after this container (hbase:16000, hbase:16020): names that resolve only in here.
# In docker-compose.cluster.yml it runs in the master's `hbase` service (`docker compose -f
# docker-compose.cluster.yml exec hbase ...`), on the cluster conf HBASE_CONF_DIR names, where
# the region servers' names (regionserver-1, regionserver-2) resolve as well.
set -euo pipefail

home=${HBASE_HOME:-/opt/hbase}
conf=${HBASE_CONF_DIR:-$home/conf}
read -r -a flags <<<"${HBASE_JVM_FLAGS:?HBASE_JVM_FLAGS is set in the Dockerfile}"
read -r -a heap <<<"${HBASE_TOOL_HEAP:--Xmx128m}"

# The quorum of hbase-site.xml (the compose `zookeeper` service).
exec java "${flags[@]}" "${heap[@]}" \
	-Dhbase.process=fix-families \
	-Dlog4j2.configurationFile="$conf/log4j2.properties" \
	-Djava.net.preferIPv4Stack=true \
	-cp "$home/tools:$conf:$(<"$home/classpath.txt")" \
	FixFamilies zookeeper 2181 "$@"
