"""Golden files (extruct-style): each bundled example article beside the records it
must give, compared whole; every golden record also validates against the schema.
After a deliberate change, run scripts/update_golden.py and review the diff against
examples/ANNOTATIONS.md."""
from __future__ import annotations

import io
import json

import pytest

from eventschema.cli import main
from eventschema.validate import record_errors

from helpers import EXAMPLES

SOURCES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".jsonl"))


def _golden(source) -> list[dict]:
    path = EXAMPLES / "expected" / f"{source.name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_extraction_matches_the_golden_records(source):
    out = io.StringIO()
    assert main(["extract", str(source)], stdin=io.BytesIO(), stdout=out, stderr=io.StringIO()) == 0
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert got == _golden(source)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_golden_records_validate(source):
    records = _golden(source)
    assert records, f"{source.name} has no golden records"
    for record in records:
        assert record_errors(record) == []


def test_the_negative_example_gives_nothing():
    golden = [r["subjectOf"]["identifier"] for r in _golden(EXAMPLES / "news-feed.jsonl")]
    assert "feed-003-negative" not in golden


NO_CONTACT = sorted((EXAMPLES / "no-contact").glob("*.txt"))


def test_there_are_articles_without_a_contact():
    assert len(NO_CONTACT) >= 10


@pytest.mark.parametrize("source", NO_CONTACT, ids=lambda p: p.stem)
def test_news_without_a_contact_gives_no_records(source):
    """Ordinary news (results, weather, sport, courts, a phone launch) names people,
    titles, dates and statements, but reports no call, meeting or visit."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", "--reference-date", "2026-11-24", str(source)],
                stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    assert out.getvalue() == "", out.getvalue()
    assert "1 documents read, 0 events written" in err.getvalue()
