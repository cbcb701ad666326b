"""The sink as tutorials write it: kafka-python's iterator, one happybase put (one Thrift call)
per message, auto-commit. The bench's lower peer for `userdata-tui consume`.

usage: per_message_sink.py BROKERS TOPIC GROUP THRIFT_HOST THRIFT_PORT TABLE COUNT
"""
import json
import sys

import happybase
from kafka import KafkaConsumer

FAMILIES = ("info", "contact", "address")


def main():
    brokers, topic, group, host, port, table_name, count = sys.argv[1:8]
    count = int(count)
    consumer = KafkaConsumer(topic, bootstrap_servers=brokers.split(","), group_id=group, auto_offset_reset="earliest", enable_auto_commit=True)
    connection = happybase.Connection(host, int(port))
    table = connection.table(table_name)
    done = 0
    try:
        for message in consumer:
            body = json.loads(message.value)
            row = {}
            for family in FAMILIES:
                for qualifier, text in (body.get(family) or {}).items():
                    row[f"{family}:{qualifier}".encode()] = text.encode("utf-8")
            table.put(message.key, row)
            done += 1
            if done >= count:
                break
    finally:
        consumer.close()  # commits the consumed offsets (auto-commit)
        connection.close()
    print(done)


if __name__ == "__main__":
    main()
