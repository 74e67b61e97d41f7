"""Machine instructions per document of extraction, counted by valgrind's callgrind.

Seconds drift: on the development machine the same code runs up to 15 % faster or
slower from one hour to the next, so a change worth 2 % cannot be seen in timings.
The number of instructions is the same on every run of the same code and input,
whatever else the machine does, so two versions compare to a tenth of a percent.
The count covers the benchmark's documents only: the run with no documents (import,
rule loading) is counted too and subtracted. Both of the benchmark's corpora are
counted, contact news and news with no contact (examples/no-contact/): a change can
help one and cost the other (a scan of every text for words that are everywhere). Hash randomization changes the order
of sets, and so the count: it is fixed (PYTHONHASHSEED=0).

    python scripts/instructions.py [DOCUMENTS]   # from the project root; default 100

Compare two versions by running it in a checkout of each. It takes about two
minutes for 100 documents (callgrind runs code some 50 times slower). The count
varies by some 0.5 % with changes that do not touch the documents' path, as the
garbage collector runs at other moments. Wall-clock figures
come from `python -m eventschema bench`.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected : (\d+)")


CORPORA = {"contact": "contact news (examples/, dev set)", "quiet": "news with no contact (examples/no-contact/)"}


def extract(name: str, count: int) -> None:
    """Extract the first `count` documents of a benchmark corpus (run under valgrind)."""
    sys.path.insert(0, str(ROOT))
    from eventschema.bench import base_texts, corpus, quiet_texts
    from eventschema.pipeline import extract_document, load_rules

    load_rules()
    texts = base_texts(ROOT) if name == "contact" else quiet_texts(ROOT)
    for document in corpus(texts, count)[:count]:
        extract_document(document)


def collected(report: str) -> int:
    """The instruction count in callgrind's report (its standard error)."""
    found = _COLLECTED.search(report)
    if found is None:
        raise SystemExit(f"instructions.py: callgrind reported no count; its output ends:\n{report[-2000:]}")
    return int(found.group(1))


def count_instructions(name: str, count: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, __file__, "--extract", name, str(count)]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT, check=False)
    if run.returncode != 0:
        raise SystemExit(f"instructions.py: valgrind exited with {run.returncode}:\n{run.stderr[-2000:]}")
    return collected(run.stderr)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--extract"]:
        extract(argv[1], int(argv[2]))
        return 0
    count = int(argv[0]) if argv else 100
    if count < 1:
        print(f"{count}: expected a number of documents of at least 1", file=sys.stderr)
        return 2
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    for name, label in CORPORA.items():
        per_document = (count_instructions(name, count) - count_instructions(name, 0)) / count
        print(f"{label}: {per_document:,.0f} instructions a document ({count} documents)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
