"""The benchmark: `python -m eventschema bench`, run from the project root.

It builds a corpus of N documents from the bundled examples/ and, where present, the
dev set in ../shared/eval/dev/, then measures: documents and megabytes per second on
one process and on two, the share of time per stage, start-up time (import and rule
compilation, in a fresh interpreter), peak memory, and, on the same documents, what
`dateparser.search_dates` alone costs, the step a typical pipeline spends on dates.
Then the rate of both on N documents of news that reports no contact
(examples/no-contact/), the bulk of a real stream.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from functools import partial
from itertools import cycle, islice
from pathlib import Path
from typing import TextIO

from .batch import Settings, ordered_map, process
from .inputs import InputDocument
from .model import Document
from .pipeline import STAGES, extract_document

STARTUP = ("import time; t = time.perf_counter(); import eventschema.pipeline; eventschema.pipeline.load_rules(); "
           "print(time.perf_counter() - t)")


def base_texts(root: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "examples").glob("*.txt"))]
    for path in sorted((root / "examples").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = root.parent / "shared" / "eval" / "dev"
    texts += [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(dev.glob("*.json"))] if dev.is_dir() else []
    return texts


def quiet_texts(root: Path) -> list[str]:
    """The project's own news articles that report no contact (examples/no-contact/):
    most of a real news stream, and all of it a fast path."""
    return [p.read_text(encoding="utf-8") for p in sorted((root / "examples" / "no-contact").glob("*.txt"))]


def corpus(texts: list[str], count: int) -> list[Document]:
    return [Document(f"bench-{n}", text) for n, text in enumerate(islice(cycle(texts), count))]


def _megabytes(documents: list[Document]) -> float:
    return sum(len(d.text.encode("utf-8")) for d in documents) / 1e6


def _startup_seconds() -> float:
    runs = [float(subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True).stdout)
            for _ in range(3)]
    return min(runs)


def _single(documents: list[Document]) -> tuple[float, dict[str, float]]:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for document in documents:
        extract_document(document, None, timings)
    return time.perf_counter() - started, timings


def _parallel(documents: list[Document], jobs: int) -> float:
    items = (InputDocument(d, "bench", n) for n, d in enumerate(documents))
    started = time.perf_counter()
    for _ in ordered_map(partial(process, settings=Settings()), items, jobs):
        pass
    return time.perf_counter() - started


def _search_dates(documents: list[Document], budget: float) -> tuple[int, float]:
    from dateparser.search import search_dates

    search_dates("warm up on Monday", languages=["en"])
    started, done = time.perf_counter(), 0
    for document in documents:
        search_dates(document.text, languages=["en"])
        done += 1
        if time.perf_counter() - started > budget:
            break
    return done, time.perf_counter() - started


def _quiet_figures(documents: list[Document], dateparser_seconds: float) -> list[str]:
    """The report's lines for news that reports no contact, if the examples have some."""
    if not documents:
        return []
    count = len(documents)
    megabytes = _megabytes(documents)
    seconds = _single(documents)[0]
    dated, date_seconds = _search_dates(documents, dateparser_seconds)
    rate, date_rate = count / seconds, dated / date_seconds
    return [f"news that reports no contact (examples/no-contact/, {megabytes * 1e3 / count:.1f} kB a document):",
            f"  1 process: {rate:,.0f} documents/s  {megabytes / seconds:.2f} MB/s; "
            f"search_dates alone {date_rate:,.1f} documents/s: {rate / date_rate:,.1f} times as fast"]


def run(root: Path, count: int, dateparser_seconds: float, out: TextIO) -> int:
    texts = base_texts(root)
    if not texts:
        out.write(f"no example texts under {root / 'examples'}: run the benchmark from the project root\n")
        return 2
    documents = corpus(texts, count)
    megabytes = _megabytes(documents)
    startup = _startup_seconds()
    extract_document(documents[0])  # compile the rules before timing
    seconds, timings = _single(documents)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    two = _parallel(documents, 2)
    dated, date_seconds = _search_dates(documents, dateparser_seconds)
    quiet = _quiet_figures(corpus(quiet_texts(root), count), dateparser_seconds / 2)
    rate = count / seconds
    date_rate = dated / date_seconds
    staged = sum(timings.values())
    lines = [
        f"corpus: {count:,} documents, {megabytes:.1f} MB ({megabytes * 1e3 / count:.1f} kB a document), from {len(texts)} texts",
        f"start-up (import and rule compilation, fresh interpreter): {startup:.2f} s",
        f"1 process:  {rate:,.0f} documents/s  {megabytes / seconds:.2f} MB/s",
        f"2 processes: {count / two:,.0f} documents/s  {megabytes / two:.2f} MB/s",
        f"peak memory (RSS) of the single-process run: {peak:.0f} MB",
        f"dateparser.search_dates alone: {date_rate:,.1f} documents/s on the first {dated:,} documents",
        f"extraction is {rate / date_rate:,.1f} times as fast as search_dates alone",
        *quiet,
        "time per stage (1 process):",
        *(f"  {name:<10} {timings.get(name, 0.0) / staged * 100:5.1f} %  {timings.get(name, 0.0) / count * 1e3:6.2f} ms a document"
          for name in STAGES),
    ]
    out.write("\n".join(lines) + "\n")
    return 0
