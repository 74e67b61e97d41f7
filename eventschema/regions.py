"""Which sentences speak of which event: the region from its first report to the next event's.

Topics and outcomes are read only in an event's own sentences, so that the story's
background (another meeting, the history of a dispute) is not credited to it.
"""
from __future__ import annotations

from .model import Event, Sentence


def event_regions(events: tuple[Event, ...], sentences: tuple[Sentence, ...]) -> list[set[int]]:
    """For each event, the indexes of the sentences that report on it."""
    firsts = [min(t.sentence for t in e.triggers) for e in events]
    order = sorted(set(firsts))
    regions = []
    for event, first in zip(events, firsts):
        later = [s for s in order if s > first]
        end = later[0] if later else len(sentences)
        start = 0 if first == order[0] else first
        region = set(range(start, end)) | {t.sentence for t in event.triggers}
        regions.append(region)
    return regions
