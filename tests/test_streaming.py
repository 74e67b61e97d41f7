"""Streaming: input read and output written incrementally, so memory stays flat
however many documents pass (here 100,000, each padded so that holding them all
would cost far more than the bound)."""
from __future__ import annotations

import io
import json
import resource

from eventschema.cli import main

DOCUMENTS = 100_000
PADDING = "Nothing of note happened in the capital today, officials said. " * 4


class _LazyInput(io.RawIOBase):
    """Standard input that makes each JSON line only when it is read."""

    def __init__(self, count: int):
        self._lines = (json.dumps({"id": f"d{n}", "text": f"{PADDING}{n}"}).encode() + b"\n" for n in range(count))
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while len(self._buffer) < len(target):
            line = next(self._lines, None)
            if line is None:
                break
            self._buffer += line
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


class _CountingSink(io.TextIOBase):
    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_memory_stays_flat_over_100000_documents():
    warm = _CountingSink()
    main(["extract", "--jobs", "2", "-"], stdin=io.BufferedReader(_LazyInput(2_000)), stdout=warm, stderr=_CountingSink())
    before = _peak_mb()
    err = io.StringIO()
    code = main(["extract", "--jobs", "2", "-"], stdin=io.BufferedReader(_LazyInput(DOCUMENTS)), stdout=_CountingSink(), stderr=err)
    grown = _peak_mb() - before
    assert code == 0 and f"{DOCUMENTS} documents read" in err.getvalue()
    # Holding the input alone would take some 30 MB of text (and more as objects).
    assert grown < 25, f"peak memory grew by {grown:.0f} MB"


def test_parallel_map_keeps_input_order_and_reads_a_bounded_window_ahead():
    import operator

    from eventschema.batch import ordered_map

    consumed: list[int] = []

    def items():
        for n in range(37):  # not a whole number of chunks
            consumed.append(n)
            yield n

    seen = [(result, len(consumed)) for result in ordered_map(operator.neg, items(), jobs=2, window=16, chunk=8)]
    assert [result for result, _ in seen] == [-n for n in range(37)]
    # when item i is written, at most `window` items past it have been read
    assert max(read - index for index, (_, read) in enumerate(seen)) <= 16
