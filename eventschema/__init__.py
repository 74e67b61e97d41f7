"""eventschema: schema.org JSON-LD event records from English news text.

    >>> import eventschema
    >>> records = eventschema.extract("Joe Biden spoke by phone with Olaf Scholz on Monday.",
    ...                               reference_date="2023-03-15")
"""
from __future__ import annotations

import hashlib
from datetime import date

from .model import Document
from .pipeline import extract_document

__all__ = ["extract", "__version__"]
__version__ = "0.1.0"


def extract(
    text: str,
    *,
    reference_date: date | str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
) -> list[dict]:
    """The JSON-LD event records that `text` reports, one dict per event.

    `reference_date` (a date or 'YYYY-MM-DD') resolves 'on Monday' or 'yesterday'
    when the text carries no dateline. `doc_id` names the source in each record's
    `subjectOf`; by default it is derived from the text, so ids stay deterministic.
    """
    if not isinstance(text, str):
        raise TypeError(f"{type(text).__name__!r}: expected the document text as a str")
    if isinstance(reference_date, str):
        try:
            reference_date = date.fromisoformat(reference_date)
        except ValueError:
            raise ValueError(f"{reference_date!r}: expected a reference date as YYYY-MM-DD") from None
    identifier = doc_id or "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return extract_document(Document(id=identifier, text=text, url=url), reference_date)
