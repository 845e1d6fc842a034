"""The contract's files load as a downstream team loads them, without a run."""

from contract import load_contract


def test_every_schema_file_loads_and_every_reference_resolves():
    contract = load_contract()
    assert ("ClientEngaged", 2) in contract.events
    assert ("CaseRecordsAccessed", 1) in contract.events
    for validator in [contract.envelope, contract.partner_feed, *contract.events.values()]:
        # Validating an empty object walks the top-level $refs; unresolvable ones raise here.
        list(validator.iter_errors({}))
