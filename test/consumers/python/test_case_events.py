"""A downstream consumer's checks of a full run's topics, against the published contract alone."""

from __future__ import annotations

import copy
import json
import os
from collections import defaultdict

from conftest import parsed
from contract import HEADERS, Contract, errors_of, event_hash


def _validate_event(contract: Contract, message: dict) -> list[str]:
    errors = errors_of(contract.envelope, message)
    key = (message.get("type"), message.get("schemaVersion"))
    validator = contract.events.get(key)
    if validator is None:
        return errors + [f"no schema file for {key[0]} v{key[1]}"]
    return errors + errors_of(validator, message)


def _check_topic(contract: Contract, records) -> None:
    problems = []
    for record, message in parsed(records):
        where = f"{record.topic}[{record.partition}]@{record.offset} {message.get('type')}"
        problems += [f"{where}: {error}" for error in _validate_event(contract, message)]
        if record.key != message.get("caseId"):
            problems.append(f"{where}: key {record.key!r} is not caseId {message.get('caseId')!r}")
        names = [name for name, _ in record.header_list if name in HEADERS]
        if sorted(names) != sorted(HEADERS):
            problems.append(f"{where}: headers {names}, not each of {sorted(HEADERS)} once")
        for header, field in HEADERS.items():
            if record.headers.get(header) != str(message.get(field)):
                problems.append(f"{where}: header {header}={record.headers.get(header)!r}, {field}={message.get(field)!r}")
    assert not problems, "\n".join(problems[:50])


def test_every_case_event_is_valid_with_its_key_and_headers(contract, case_records):
    _check_topic(contract, case_records)


def test_every_access_event_is_valid_with_its_key_and_headers(contract, access_records):
    _check_topic(contract, access_records)
    assert {json.loads(r.value)["type"] for r in access_records} == {"CaseRecordsAccessed"}


def test_each_case_arrives_in_stream_order_without_gaps(case_records, access_records):
    problems = []
    last: dict[str, int] = {}
    partition_of: dict[str, int] = {}
    for record, message in parsed(case_records + access_records):
        case, version = message["caseId"], message["streamVersion"]
        if partition_of.setdefault(case, record.partition) != record.partition:
            problems.append(f"{case} on partitions {partition_of[case]} and {record.partition}")
        seen = last.get(case, 0)
        if version <= seen:
            continue  # a redelivery: the README says to skip what is at or below the last applied
        if version != seen + 1:
            problems.append(f"{case}: streamVersion {version} after {seen}")
        last[case] = version
    assert not problems, "\n".join(problems[:50])


def test_every_event_id_arrives_in_one_shape_only(case_records, access_records):
    shapes: dict[str, set[str]] = defaultdict(set)
    positions: dict[int, set[str]] = defaultdict(set)
    for _, message in parsed(case_records + access_records):
        shapes[message["eventId"]].add(json.dumps(message, sort_keys=True))
        positions[message["globalPosition"]].add(message["eventId"])
    assert {e: len(s) for e, s in shapes.items() if len(s) > 1} == {}
    assert {p: e for p, e in positions.items() if len(e) > 1} == {}


def test_the_hash_chain_matches_the_messages_as_published(case_records, access_records):
    problems = []
    previous: dict[str, str] = {}
    for _, message in parsed(case_records + access_records):
        case, version = message["caseId"], message["streamVersion"]
        where = f"{case} v{version} {message['type']}"
        if event_hash(message) != message.get("hash"):
            problems.append(f"{where}: hash is not over the published shape")
        expected_prev = None if version == 1 else previous.get(f"{case}@{version - 1}")
        if message.get("prevHash") != expected_prev:
            problems.append(f"{where}: prevHash {message.get('prevHash')} is not {expected_prev}")
        previous[f"{case}@{version}"] = message["hash"]
    assert not problems, "\n".join(problems[:50])


def test_every_case_event_names_its_client_and_access_events_none(case_records, access_records):
    problems = []
    client_of_case: dict[str, str] = {}
    for _, message in parsed(case_records):
        where = f"{message['caseId']} v{message['streamVersion']} {message['type']}"
        client = message.get("clientId")
        if not client:
            problems.append(f"{where}: no clientId")
            continue
        kid = message["pii"]["kid"]
        if kid.startswith("client/") and kid != f"client/{client}":
            problems.append(f"{where}: clientId {client} but sealed under {kid}")
        if "clientId" in message["data"] and message["data"]["clientId"] != client:
            problems.append(f"{where}: clientId {client} but data.clientId {message['data']['clientId']}")
        if client_of_case.setdefault(message["caseId"], client) != client:
            problems.append(f"{where}: clientId {client}, the case's is {client_of_case[message['caseId']]}")
    for _, message in parsed(access_records):
        if "clientId" in message:
            problems.append(f"access event {message['eventId']} names a client")
    assert not problems, "\n".join(problems[:50])


def test_every_event_type_of_the_contract_is_on_the_topics(contract, case_records, access_records):
    if os.environ.get("CT_EXPECT_EVERY_TYPE") != "1":
        return
    seen = {json.loads(r.value)["type"] for r in case_records + access_records}
    assert sorted(contract.event_types() - seen) == []


def test_partner_feed_messages_are_valid_and_keyed_by_case(contract, partner_records):
    problems = []
    for record, message in parsed(partner_records):
        where = f"{record.topic}@{record.offset}"
        problems += [f"{where}: {error}" for error in errors_of(contract.partner_feed, message)]
        if record.key != message.get("caseId"):
            problems.append(f"{where}: key {record.key!r} is not caseId {message.get('caseId')!r}")
        if record.topic != f"{os.environ['CT_CASE_TOPIC']}.partner.{message.get('partnerId')}":
            problems.append(f"{where}: partner {message.get('partnerId')} on another partner's topic")
        if record.headers.get("casetrail-message-id") != message.get("messageId"):
            problems.append(f"{where}: casetrail-message-id header is not messageId")
    assert not problems, "\n".join(problems[:50])


def test_format_checking_is_on(contract, case_records):
    """The validators enforce `format: date`: a run whose dates all pass proves nothing without this."""
    reviews = [m for _, m in parsed(case_records) if m["type"] == "CaseReviewed"]
    assert reviews, "the run has no CaseReviewed"
    broken = copy.deepcopy(reviews[0])
    broken["data"]["nextReviewDate"] = "next tuesday"
    assert any("next tuesday" in e for e in _validate_event(contract, broken))
