"""Checking records against the bundled record schema, with JSON paths in the errors."""
from __future__ import annotations

from functools import cache

import jsonschema

from .resources import schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema("event-record"), format_checker=jsonschema.FormatChecker())


def record_errors(record: object) -> list[str]:
    """Every way `record` breaks the record schema: '$.attendee[0].name: ...'."""
    messages = []
    for error in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        messages.append(f"{path}: {error.message}")
    return messages
