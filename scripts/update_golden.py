"""Rewrite the golden records in examples/expected/ from the current extractor.

Run after a deliberate change to extraction, then read the diff against
examples/ANNOTATIONS.md before committing it: the golden files are reviewed, not
just regenerated.

    python scripts/update_golden.py
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventschema.cli import main  # noqa: E402


def golden_inputs() -> list[Path]:
    return sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".jsonl"))


def expected_path(source: Path) -> Path:
    return ROOT / "examples" / "expected" / f"{source.name}.jsonl"


def run(source: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", str(source)], stdin=io.BytesIO(), stdout=out, stderr=err)
    if code != 0:
        raise SystemExit(f"{source}: extract failed: {err.getvalue()}")
    return out.getvalue()


if __name__ == "__main__":
    for source in golden_inputs():
        target = expected_path(source)
        target.write_text(run(source), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
