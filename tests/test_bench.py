"""The benchmark runs and reports every figure it promises (its numbers are read by
people, in the README; no timing is asserted here)."""
from __future__ import annotations

import io

from eventschema.bench import run

from helpers import ROOT


def test_bench_reports_every_figure():
    out = io.StringIO()
    assert run(ROOT, 30, 1, out) == 0
    report = out.getvalue()
    for needle in ("corpus: 30 documents", "start-up", "1 process:", "2 processes:", "peak memory",
                   "dateparser.search_dates alone", "times as fast as search_dates", "  topics",
                   "news that reports no contact"):
        assert needle in report


def test_bench_needs_the_examples(tmp_path):
    out = io.StringIO()
    assert run(tmp_path, 10, 1, out) == 2 and "run the benchmark from the project root" in out.getvalue()
