"""The stages in order: normalize, split, triggers, mentions, dates, events (with
their participants), topics, outcomes, assemble. Each reads what the stages before
it made; data flows one way."""
from __future__ import annotations

from datetime import date

from .assemble import assemble
from .dates import date_triggers, find_dateline, lead_dates
from .events import build_events
from .mentions import find_mentions
from .model import Document
from .normalize import normalize
from .outcomes import detect_outcomes
from .split import split_sentences
from .topics import tag_topics
from .triggers import find_triggers


def extract_document(document: Document, reference_date: date | None = None) -> list[dict]:
    """The event records of one document; `reference_date` is used only when the
    document has neither a publication date nor a dateline."""
    clean = normalize(document.text)
    sentences = split_sentences(clean.text)
    triggers = find_triggers(clean.text, sentences)
    reference = document.date_published or find_dateline(document.text) or reference_date
    mentions = find_mentions(clean.text, sentences, reference)
    dates = date_triggers(triggers, clean.text, sentences, reference)
    events = build_events(clean.text, sentences, triggers, mentions, dates, lead_dates(clean.text, sentences, reference))
    events = tag_topics(events, clean.text, sentences, mentions)
    events = detect_outcomes(events, clean.text, sentences, mentions)
    return assemble(document, events)
