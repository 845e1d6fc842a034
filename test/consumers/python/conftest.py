"""Fixtures: the contract (files only) and the topics of a run, named by the environment.

CT_KAFKA_BOOTSTRAP   bootstrap servers, e.g. 127.0.0.1:9092
CT_CASE_TOPIC        the case-events topic (KAFKA_TOPIC of the run)
CT_ACCESS_TOPIC      the access-events topic (KAFKA_ACCESS_TOPIC)
CT_PARTNER_TOPICS    comma-separated partner feed topics (optional)
CT_EXPECT_EVERY_TYPE "1": every event type the contract has a schema for must be on the topics
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contract import Contract, load_contract  # noqa: E402
from topics import Record, read_topic  # noqa: E402


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()


def _topic_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.skip(f"{name} not set: no run to consume")
    return value


@pytest.fixture(scope="session")
def bootstrap() -> str:
    return _topic_env("CT_KAFKA_BOOTSTRAP")


@pytest.fixture(scope="session")
def case_records(bootstrap: str) -> list[Record]:
    records = read_topic(bootstrap, _topic_env("CT_CASE_TOPIC"))
    assert records, "the case-events topic is empty"
    return records


@pytest.fixture(scope="session")
def access_records(bootstrap: str) -> list[Record]:
    records = read_topic(bootstrap, _topic_env("CT_ACCESS_TOPIC"))
    assert records, "the access-events topic is empty"
    return records


@pytest.fixture(scope="session")
def partner_records(bootstrap: str) -> list[Record]:
    topics = [t for t in os.environ.get("CT_PARTNER_TOPICS", "").split(",") if t]
    if not topics:
        pytest.skip("CT_PARTNER_TOPICS not set")
    records = [record for topic in topics for record in read_topic(bootstrap, topic)]
    for topic in topics:
        assert any(r.topic == topic for r in records), f"partner topic {topic} is empty"
    return records


def parsed(records: list[Record]) -> list[tuple[Record, dict]]:
    return [(record, json.loads(record.value.decode("utf-8"))) for record in records]
