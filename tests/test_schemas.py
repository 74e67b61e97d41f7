"""The bundled schemas: valid against their metaschema, and every record we emit
validates: for the seeds, the dev documents and the project's own examples."""
from __future__ import annotations

import copy
from datetime import date

import jsonschema
import pytest

import eventschema
from eventschema.resources import context, schema, schema_names
from eventschema.validate import record_errors

from helpers import example_documents, requires_shared, shared_documents


@pytest.mark.parametrize("name", ["event-record", "input-document"])
def test_schema_is_valid_draft_2020_12(name):
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def test_schema_names_lists_the_public_schemas():
    assert {"event-record", "input-document"} <= set(schema_names())


def _extract(text: str, doc_id: str, published: str | None) -> list[dict]:
    return eventschema.extract(text, doc_id=doc_id, reference_date=published)


@requires_shared
@pytest.mark.parametrize("doc_id,text,published", shared_documents(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_records_from_shared_documents_validate(doc_id, text, published):
    for record in _extract(text, doc_id, published):
        assert record_errors(record) == []


@pytest.mark.parametrize("doc_id,text,published", example_documents(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_records_from_examples_validate(doc_id, text, published):
    for record in _extract(text, doc_id, published):
        assert record_errors(record) == []


@requires_shared
def test_each_seed_gives_one_phone_call_between_trump_and_putin():
    for doc_id, text, _ in shared_documents()[:2]:
        records = eventschema.extract(text, doc_id=doc_id)
        calls = [r for r in records if r["additionalType"] == "es:PhoneCall"]
        assert len(calls) == 1, doc_id
        assert {a["name"] for a in calls[0]["attendee"]} == {"Donald Trump", "Vladimir Putin"}


def test_schema_rejects_a_broken_record():
    record = eventschema.extract("U.S. President Joe Biden spoke by phone with German Chancellor Olaf Scholz on Monday.",
                                 reference_date=date(2023, 3, 15))[0]
    broken = copy.deepcopy(record)
    broken["additionalType"] = "es:Lunch"
    del broken["attendee"][0]["name"]
    errors = record_errors(broken)
    assert any(e.startswith("$.additionalType:") for e in errors)
    assert any(e.startswith("$.attendee[0]:") and "'name' is a required property" in e for e in errors)


def test_context_is_inlined_in_every_record():
    record = eventschema.extract("French President Emmanuel Macron met Chinese President Xi Jinping in Beijing.")[0]
    assert record["@context"] == context()["@context"]
    assert record["@context"]["@vocab"] == "http://schema.org/"
