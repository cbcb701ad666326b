#!/usr/bin/env bash
# Regenerates source/hbase-thrift from the Hbase.thrift IDL shipped inside the hbase-thrift jar
# that stack/hbase/pom.xml resolves, so the bindings always match the gateway we run.
# Needs Debian's thrift-compiler, whose version must equal the npm `thrift` runtime's
# (runtime 0.24 removed thrift.Q, which 0.17-generated code calls).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$root/source/hbase-thrift"
command -v thrift >/dev/null || { echo "thrift compiler missing: apt-get install thrift-compiler" >&2; exit 1; }
compiler=$(thrift --version | awk '{print $3}')
runtime=$(node -p "require('$root/node_modules/thrift/package.json').version")
[ "$compiler" = "$runtime" ] || { echo "thrift compiler $compiler != npm thrift runtime $runtime" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mvn -B -q -f "$here/hbase/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
jar=$(tr ':' '\n' < "$work/cp.txt" | grep '/hbase-thrift-[^/]*\.jar$')
(cd "$work" && unzip -q -o "$jar" org/apache/hadoop/hbase/thrift/Hbase.thrift)
rm -f "$out"/*.js "$out"/*.d.ts
thrift --gen js:node,ts -out "$out" "$work/org/apache/hadoop/hbase/thrift/Hbase.thrift"
cp "$work/org/apache/hadoop/hbase/thrift/Hbase.thrift" "$out/Hbase.thrift"
# The generated code is CommonJS; this package is ESM.
printf '{\n  "type": "commonjs"\n}\n' > "$out/package.json"
cat > "$out/GENERATED.md" <<NOTE
# Generated: do not edit

- IDL: Hbase.thrift (Thrift1) from $(basename "$jar"), resolved by stack/hbase/pom.xml
- Compiler: Apache Thrift $compiler (Debian thrift-compiler), runtime npm thrift $runtime
- Command: thrift --gen js:node,ts -out source/hbase-thrift Hbase.thrift (run: npm run gen:thrift)
NOTE
echo "generated $(ls "$out" | wc -l) files in $out"
