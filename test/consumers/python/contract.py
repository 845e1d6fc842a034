"""The published contract as a downstream team loads it: only the files under libs/contracts.

Every schema is registered by its `$id` in one `referencing.Registry`, so a `$ref` between files
resolves offline; validators run with `FormatChecker()` on, so `format: date` is enforced.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACTS = Path(
    os.environ.get("CT_CONTRACTS_DIR", Path(__file__).resolve().parents[3] / "libs" / "contracts")
)
SCHEMAS = CONTRACTS / "schemas"

# What the contracts README promises in its headers table: header name -> envelope field.
HEADERS = {
    "casetrail-event-type": "type",
    "casetrail-event-id": "eventId",
    "casetrail-schema-version": "schemaVersion",
    "casetrail-case-id": "caseId",
    "casetrail-correlation-id": "correlationId",
    "casetrail-causation-id": "causationId",
}


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@dataclass(frozen=True)
class Contract:
    registry: Registry
    envelope: Draft202012Validator
    partner_feed: Draft202012Validator
    # (type, schemaVersion) -> validator for the message with `pii` sealed (left to the envelope).
    events: dict[tuple[str, int], Draft202012Validator]

    def event_types(self) -> set[str]:
        return {event_type for event_type, _ in self.events}


def load_contract() -> Contract:
    files = [SCHEMAS / "envelope.v1.schema.json", SCHEMAS / "partner-feed-message.json"]
    files += sorted((SCHEMAS / "events").glob("*.schema.json"))
    documents = {path: _load(path) for path in files}
    registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012))
        for doc in documents.values()
    )

    def validator(schema: dict) -> Draft202012Validator:
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())

    events = {}
    for path in files[2:]:
        schema = documents[path]
        event_type = schema["properties"]["type"]["const"]
        version = schema["properties"]["schemaVersion"]["const"]
        # On the wire `pii` is sealed: its opened shape is for whoever holds the key. The sealed
        # form is the envelope's to check. (A new $id keeps the registry's copy untouched.)
        sealed = {
            **schema,
            "$id": schema["$id"].replace(".schema.json", ".sealed.schema.json"),
            "properties": {**schema["properties"], "pii": True},
        }
        events[(event_type, version)] = validator(sealed)
    return Contract(
        registry=registry,
        envelope=validator(documents[files[0]]),
        partner_feed=validator(documents[files[1]]),
        events=events,
    )


def errors_of(validator: Draft202012Validator, instance: object) -> list[str]:
    return [
        f"/{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    ]


def canonical_json(value: object) -> str:
    """Keys sorted at every depth, no whitespace: the encoding the chain's hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(message: dict) -> str:
    """The hash of a message's event as stored, recomputed from the message alone."""
    hashed = {
        "streamId": message["caseId"],
        "version": message["streamVersion"],
        "eventId": message["eventId"],
        "type": message["type"],
        "schemaVersion": message["schemaVersion"],
        "occurredAt": message["occurredAt"],
        "recordedAt": message["recordedAt"],
        "actor": message["actor"],
        "correlationId": message["correlationId"],
        "causationId": message["causationId"],
        # Covered only when present: events recorded before it was kept hash without it.
        **({"traceparent": message["traceparent"]} if "traceparent" in message else {}),
        "data": message["data"],
        "pii": message["pii"],
        "prevHash": message.get("prevHash"),
    }
    return "sha256:" + hashlib.sha256(canonical_json(hashed).encode("utf-8")).hexdigest()
