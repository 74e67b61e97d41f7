"""The same input gives the same records and ids; different events get different ids."""
from __future__ import annotations

import eventschema

from helpers import example_documents

TEXT = ("U.S. President Joe Biden spoke by phone with German Chancellor Olaf Scholz on Monday. "
        "Separately, Biden met French President Emmanuel Macron in Washington on Tuesday.")


def test_same_input_same_records():
    for doc_id, text, published in example_documents():
        first = eventschema.extract(text, doc_id=doc_id, reference_date=published)
        second = eventschema.extract(text, doc_id=doc_id, reference_date=published)
        assert first == second


def test_ids_are_stable_and_distinct():
    records = eventschema.extract(TEXT, doc_id="d1", reference_date="2023-03-15")
    ids = [r["@id"] for r in records]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ids == [r["@id"] for r in eventschema.extract(TEXT, doc_id="d1", reference_date="2023-03-15")]


def test_id_depends_on_the_source():
    one = eventschema.extract(TEXT, doc_id="d1", reference_date="2023-03-15")[0]["@id"]
    two = eventschema.extract(TEXT, doc_id="d2", reference_date="2023-03-15")[0]["@id"]
    assert one != two


def test_default_id_is_derived_from_the_text():
    first = eventschema.extract(TEXT)[0]
    assert first["subjectOf"]["identifier"].startswith("sha256:")
    assert first["@id"] == eventschema.extract(TEXT)[0]["@id"]


def test_evidence_quotes_the_text_at_its_offsets():
    for record in eventschema.extract(TEXT, reference_date="2023-03-15"):
        spans = list(record["evidence"])
        for key in ("attendee", "about", "outcome"):
            for value in record[key]:
                spans += value["evidence"]
        for span in spans:
            assert TEXT[span["start"]:span["end"]] == span["exact"]
