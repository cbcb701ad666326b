#!/usr/bin/env bash
# Healthy when one bean of a daemon's /jmx servlet (the HTTP info port of every Hadoop and HBase
# daemon) matches every pattern given (grep -E), the readiness `stack up --cluster` waits for:
#   jmx-healthcheck.sh PORT BEAN PATTERN...
# e.g. the NameNode out of safe mode with a live DataNode, or the master with 2 region servers.
# Plain bash, no curl in the image: one HTTP/1.0 GET on 127.0.0.1, read to the end (5 s at most).
set -euo pipefail

port=${1:?port}
bean=${2:?bean}
shift 2
(($# > 0)) || {
	echo "jmx-healthcheck.sh: no pattern to check" >&2
	exit 2
}

if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
	echo "JMX on 127.0.0.1:$port: nothing answers" >&2
	exit 1
fi
# The bean name percent-encoded (: = , are all it has), so no server splits the query at its '='.
query=${bean//:/%3A}
query=${query//=/%3D}
query=${query//,/%2C}
printf 'GET /jmx?qry=%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$query" >&3
# A daemon that never finishes its answer is unhealthy (the checks below), not an error here.
reply=$(timeout 5 cat <&3 || true)
exec 3>&-
for pattern in "$@"; do
	if ! grep -Eq -- "$pattern" <<<"$reply"; then
		echo "$bean on 127.0.0.1:$port: no match for $pattern" >&2
		exit 1
	fi
done
echo "$bean on 127.0.0.1:$port: $*"
