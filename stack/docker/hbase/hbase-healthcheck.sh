#!/usr/bin/env bash
# Healthy when the Thrift1 gateway answers getTableNames, the probe `userdata-tui stack up`
# waits for. The call goes through the master, so it also proves that the master finished
# initializing and hbase:meta is online (which needs the region server).
# Plain bash, no client library: one Thrift call, binary protocol, unframed transport.
set -euo pipefail

host=${1:-127.0.0.1}
port=${2:-9090}
name=getTableNames
hex() { od -An -tx1 | tr -d ' \n'; }

if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
	echo "Thrift on $host:$port: nothing answers" >&2
	exit 1
fi
# Message header: strict version 1 + CALL, the name, sequence id 1; then the empty argument struct.
printf '\x80\x01\x00\x01\x00\x00\x00\x0d%s\x00\x00\x00\x01\x00' "$name" >&3
# The reply's header (REPLY, same name and id), then the first field of the result struct:
# 0f (a list: field 0, the table names). An IOError would be 0c (a struct: field 1).
# A gateway that never answers is unhealthy (exit 1 below), not an error of this script.
reply=$(timeout 5 head -c 26 <&3 | hex || true)
exec 3>&-
expected="800100020000000d$(printf '%s' "$name" | hex)000000010f"
if [[ $reply != "$expected" ]]; then
	echo "Thrift on $host:$port did not answer getTableNames (reply: ${reply:-none})" >&2
	exit 1
fi
echo "Thrift on $host:$port answers getTableNames"
