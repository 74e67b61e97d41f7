"""Which sentences speak of which event.

A sentence that names people goes to the event whose participants it names most
('The Chancellor and Presidents Hollande and Putin agreed to stay in contact'); any
other sentence goes to the event reported last before it, from that event's first
report up to the next event's (the lead and headline go to the first event). Topics
and outcomes are read only in an event's own sentences, so that the story's
background (another meeting, the history of a dispute) is not credited to it.
"""
from __future__ import annotations

from .model import Event, Mention, Sentence


def event_regions(events: tuple[Event, ...], sentences: tuple[Sentence, ...],
                  mentions: tuple[Mention, ...] = ()) -> list[set[int]]:
    """For each event, the indexes of the sentences that report on it."""
    if not events:
        return []
    firsts = [min(t.sentence for t in e.triggers) for e in events]
    keys = [{p.entity.key for p in e.participants} for e in events]
    named: dict[int, set[str]] = {}
    for mention in mentions:
        named.setdefault(mention.sentence, set()).add(mention.entity.key)
    regions: list[set[int]] = [set() for _ in events]
    for sentence in sentences:
        index = sentence.index
        overlap = [len(named.get(index, set()) & k) for k in keys]
        best = max(overlap)
        if best and overlap.count(best) == 1:
            regions[overlap.index(best)].add(index)
            continue
        started = [i for i, first in enumerate(firsts) if first <= index]
        owner = max(started, key=lambda i: firsts[i]) if started else min(range(len(events)), key=lambda i: firsts[i])
        regions[owner].add(index)
    for region, event in zip(regions, events):
        region.update(t.sentence for t in event.triggers)
    return regions
