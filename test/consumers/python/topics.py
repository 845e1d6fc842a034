"""Reads whole topics from the beginning, as a new consumer replaying the history would."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from confluent_kafka import Consumer, KafkaException, TopicPartition


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: str | None
    headers: dict[str, str]
    # Headers as sent, a name possibly repeated: the README promises each once.
    header_list: list[tuple[str, str]]
    value: bytes


def read_topic(bootstrap: str, topic: str, timeout_s: float = 60.0) -> list[Record]:
    """Every message on `topic` up to its end when called, in offset order per partition."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"casetrail-python-consumer-{uuid.uuid4()}",
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }
    )
    try:
        metadata = consumer.list_topics(topic, timeout=10)
        found = metadata.topics.get(topic)
        if found is None or found.error is not None:
            raise LookupError(f"topic {topic} not found: {found.error if found else 'no metadata'}")
        ends: dict[int, int] = {}
        assignment = []
        for partition in found.partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            if high > low:
                ends[partition] = high
                assignment.append(TopicPartition(topic, partition, low))
        consumer.assign(assignment)
        records: list[Record] = []
        deadline = time.monotonic() + timeout_s
        while ends:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: partitions {sorted(ends)} not read to their end")
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                raise KafkaException(message.error())
            header_list = [
                (name, value.decode("utf-8") if value is not None else "")
                for name, value in (message.headers() or [])
            ]
            records.append(
                Record(
                    topic=topic,
                    partition=message.partition(),
                    offset=message.offset(),
                    key=message.key().decode("utf-8") if message.key() is not None else None,
                    headers=dict(header_list),
                    header_list=header_list,
                    value=message.value(),
                )
            )
            if message.offset() >= ends.get(message.partition(), 0) - 1:
                ends.pop(message.partition(), None)
        return records
    finally:
        consumer.close()
