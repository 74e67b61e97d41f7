"""The stages in order: normalize, split, triggers, mentions, dates, events (with
their participants), topics, outcomes, assemble. Each reads what the stages before
it made; data flows one way."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from time import perf_counter
from typing import TypeVar

from .assemble import assemble
from .dates import date_triggers, dated_sentences, find_dateline, lead_dates
from .events import build_events
from .mentions import find_mentions
from .model import Document
from .normalize import normalize
from .outcomes import detect_outcomes
from .split import split_sentences
from .topics import tag_topics
from .triggers import find_triggers

T = TypeVar("T")
STAGES = ("normalize", "split", "triggers", "mentions", "dates", "events", "topics", "outcomes", "assemble")


def extract_document(document: Document, reference_date: date | None = None,
                     timings: dict[str, float] | None = None) -> list[dict]:
    """The event records of one document; `reference_date` is used only when the
    document has neither a publication date nor a dateline. Pass `timings` (a dict) to
    have each stage's seconds added to it, as the benchmark does."""

    def stage(name: str, run: Callable[[], T]) -> T:
        if timings is None:
            return run()
        started = perf_counter()
        value = run()
        timings[name] = timings.get(name, 0.0) + perf_counter() - started
        return value

    clean = stage("normalize", lambda: normalize(document.text))
    sentences = stage("split", lambda: split_sentences(clean.text))
    triggers = stage("triggers", lambda: find_triggers(clean.text, sentences))
    reference = document.date_published or stage("dates", lambda: find_dateline(document.text)) or reference_date
    mentions = stage("mentions", lambda: find_mentions(clean.text, sentences, reference))
    found = stage("dates", lambda: dated_sentences(clean.text, sentences, triggers))
    dates = stage("dates", lambda: date_triggers(triggers, clean.text, found, reference))
    lead = stage("dates", lambda: lead_dates(sentences, found, reference))
    events = stage("events", lambda: build_events(clean.text, sentences, triggers, mentions, dates, lead))
    events = stage("topics", lambda: tag_topics(events, clean.text, sentences, mentions))
    events = stage("outcomes", lambda: detect_outcomes(events, clean.text, sentences, mentions))
    return stage("assemble", lambda: assemble(document, events))
