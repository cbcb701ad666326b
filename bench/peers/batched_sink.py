"""The sink a Python user would write in an afternoon, done right: confluent-kafka consume(1000),
one happybase batch (one mutateRows call) per poll, offsets committed only after HBase took the
batch. The bench's peer for `userdata-tui consume` (same topic, same cells, whole process).

usage: batched_sink.py BROKERS TOPIC GROUP THRIFT_HOST THRIFT_PORT TABLE COUNT
"""
import json
import sys

import happybase
from confluent_kafka import Consumer

FAMILIES = ("info", "contact", "address")


def cells(value):
    body = json.loads(value)
    out = {}
    for family in FAMILIES:
        for qualifier, text in (body.get(family) or {}).items():
            out[f"{family}:{qualifier}".encode()] = text.encode("utf-8")
    return out


def main():
    brokers, topic, group, host, port, table_name, count = sys.argv[1:8]
    count = int(count)
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": group, "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    connection = happybase.Connection(host, int(port))
    table = connection.table(table_name)
    done = 0
    try:
        while done < count:
            messages = [m for m in consumer.consume(1000, timeout=1.0) if m.error() is None]
            if not messages:
                continue
            with table.batch() as batch:
                for message in messages:
                    batch.put(message.key(), cells(message.value()))
            consumer.commit(asynchronous=False)
            done += len(messages)
    finally:
        consumer.close()
        connection.close()
    print(done)


if __name__ == "__main__":
    main()
