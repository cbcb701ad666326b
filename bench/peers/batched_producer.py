"""The producer a Python user would write: requests pages of 1,000 from the API, one JSON value
per user keyed by login.uuid, confluent-kafka with idempotence, acks=all and gzip. The bench's
peer for `userdata-tui produce` (same API stand-in, whole process).

usage: batched_producer.py BROKERS TOPIC API_URL COUNT
"""
import json
import sys

import requests
from confluent_kafka import Producer


def main():
    brokers, topic, api_url, count = sys.argv[1:5]
    count = int(count)
    producer = Producer({"bootstrap.servers": brokers, "enable.idempotence": True, "acks": "all", "compression.type": "gzip"})
    session = requests.Session()
    sent = 0
    page = 1
    while sent < count:
        results = min(1000, count - sent)
        response = session.get(f"{api_url}1.4/", params={"results": results, "page": page}, timeout=30)
        response.raise_for_status()
        for user in response.json()["results"]:
            while True:
                try:
                    producer.produce(topic, key=user["login"]["uuid"], value=json.dumps(user))
                    break
                except BufferError:
                    producer.poll(0.1)
            producer.poll(0)
        sent += results
        page += 1
    remaining = producer.flush(60)
    if remaining:
        sys.exit(f"{remaining} messages not delivered")
    print(sent)


if __name__ == "__main__":
    main()
