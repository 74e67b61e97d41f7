"""Shared helpers: paths to the third-party texts in ../shared (never copied into
the repository) and to the project's own examples."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
CORPORA = Path(__file__).resolve().parent / "examples"


def shared_documents() -> list[tuple[str, str, str | None]]:
    """(id, text, datePublished) of the seeds and dev documents, if ../shared is here."""
    docs = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        docs.append((path.name, path.read_text(encoding="utf-8"), None))
    for path in sorted((SHARED / "eval" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        docs.append((gold["id"], gold["text"], gold.get("datePublished")))
    return docs


def example_documents() -> list[tuple[str, str, str | None]]:
    docs = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        docs.append((path.name, path.read_bytes().decode("utf-8"), None))
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                docs.append((doc["id"], doc["text"], doc.get("datePublished")))
    return docs


def corpus(name: str) -> dict:
    return json.loads((CORPORA / f"{name}.json").read_text(encoding="utf-8"))


def known_failures(name: str) -> dict[str, str]:
    """Corpus examples the rules do not handle yet: id -> reason (run as strict xfail)."""
    path = CORPORA / "known_failures.json"
    return json.loads(path.read_text(encoding="utf-8")).get(name, {}) if path.exists() else {}


requires_shared = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not beside the checkout")


def alternation(patterns: Sequence[regex.Pattern], flags: int = 0, at_word_start: bool = False) -> regex.Pattern:
    """A family's rules joined in one pattern, `rule_index(match)` telling which fired:
    the reference that the stages' matching (each rule tried alone, only where it can
    begin) must agree with."""
    joined = "|".join(f"(?P<r{index}>{pattern.pattern})" for index, pattern in enumerate(patterns))
    return regex.compile(rf"\b(?=\w)(?:{joined})" if at_word_start else joined, flags | regex.V0)


def rule_index(match: regex.Match) -> int:
    return int((match.lastgroup or "r-1")[1:])
