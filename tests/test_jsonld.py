"""Records are JSON-LD that expands offline, with every key mapped to an IRI."""
from __future__ import annotations

import pytest
from pyld import jsonld

import eventschema

from helpers import example_documents, shared_documents


def _no_network(url, options=None):
    raise AssertionError(f"JSON-LD expansion tried to fetch {url}: records must expand offline")


def _all_keys(node, found: set[str]) -> set[str]:
    """Every key of every object in a JSON tree but those inside an @context."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "@context":
                found.add(key)
                _all_keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _all_keys(item, found)
    return found


def _records() -> list[dict]:
    docs = example_documents() + (shared_documents() if (shared_documents()) else [])
    return [r for doc_id, text, published in docs for r in eventschema.extract(text, doc_id=doc_id, reference_date=published)]


@pytest.fixture(scope="module")
def records():
    found = _records()
    assert found, "no records to expand"
    return found


def test_every_key_expands_to_an_iri(records):
    for record in records:
        expanded = jsonld.expand(record, {"documentLoader": _no_network})
        assert expanded, record["@id"]
        iris = _all_keys(expanded, set())
        for key in _all_keys(record, set()):
            if key.startswith("@"):
                continue
            assert any(i.endswith(("/" + key, "#" + key)) for i in iris), f"{key!r} did not expand to an IRI"
        dropped = [k for k in iris if not (k.startswith("@") or k.startswith("http"))]
        assert dropped == []


def test_kinds_and_codes_expand_into_the_project_namespace(records):
    expanded = jsonld.expand(records[0], {"documentLoader": _no_network})[0]
    kind = expanded["http://schema.org/additionalType"][0]["@id"]
    assert kind.startswith("https://w3id.org/eventschema/ns#")
    mode = expanded["http://schema.org/eventAttendanceMode"][0]["@id"]
    assert mode in ("http://schema.org/OnlineEventAttendanceMode", "http://schema.org/OfflineEventAttendanceMode")
