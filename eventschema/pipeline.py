"""The stages in order: normalize, split, triggers, mentions, dates, events (with
their participants), topics, outcomes, assemble. Each reads what the stages before
it made; data flows one way."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from time import perf_counter
from typing import TypeVar

from .assemble import assemble
from .dates import date_triggers, dated_sentences, find_dateline, lead_dates
from .events import REPORTED, build_events
from .mentions import find_mentions
from .model import Document
from .normalize import normalize
from .outcomes import detect_outcomes
from .regions import event_regions
from .split import split_sentences
from .topics import tag_topics
from .triggers import find_triggers

T = TypeVar("T")
STAGES = ("normalize", "split", "triggers", "mentions", "dates", "events", "regions", "topics", "outcomes", "assemble")


# A text that reaches every stage, so that loading it loads every rule file.
_EVERY_STAGE = ("WASHINGTON, March 4, 2024 - Leaders of France and Japan spoke by phone on Monday, "
                "discussed trade and climate change, and agreed to meet again soon.")


@cache
def load_rules() -> None:
    """Load, check and compile every rule file now (they load on first use otherwise),
    so that the first document of a stream does not pay for it, nor count it against
    its time limit."""
    extract_document(Document("load-rules", _EVERY_STAGE))


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
    if not any(t.status in REPORTED for t in triggers):
        # Most news reports no contact: without a trigger of one that happened or is
        # scheduled there is no event, and names, dates and topics are not read.
        return []
    reference = document.date_published or stage("dates", lambda: find_dateline(document.text)) or reference_date
    mentions = stage("mentions", lambda: find_mentions(clean.text, sentences, reference))
    found = stage("dates", lambda: dated_sentences(clean.text, sentences, triggers))
    dates = stage("dates", lambda: date_triggers(triggers, clean.text, sentences, found, reference))
    lead = stage("dates", lambda: lead_dates(sentences, found, reference))
    events = stage("events", lambda: build_events(clean.text, sentences, triggers, mentions, dates, lead))
    # Which sentences report on which event: read once, for topics and outcomes alike.
    regions = stage("regions", lambda: event_regions(events, sentences, mentions))
    events = stage("topics", lambda: tag_topics(events, clean.text, sentences, regions))
    events = stage("outcomes", lambda: detect_outcomes(events, clean.text, sentences, regions))
    return stage("assemble", lambda: assemble(document, events))
