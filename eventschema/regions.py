"""Which sentences speak of which event.

A sentence that names people goes to the event whose participants it names most
('The Chancellor and Presidents Hollande and Putin agreed to stay in contact'); a
sentence that reports a contact goes to that contact; any other sentence ('It said
both leaders discussed ...') goes to the event the text was last about, and the lead
and headline go to the first event. Topics and outcomes are read only in an event's
own sentences, so that the story's background (another meeting, the history of a
dispute) is not credited to it.
"""
from __future__ import annotations

from .model import Event, Mention, Sentence


def event_regions(events: tuple[Event, ...], sentences: tuple[Sentence, ...],
                  mentions: tuple[Mention, ...] = ()) -> list[set[int]]:
    """For each event, the indexes of the sentences that report on it."""
    if not events:
        return []
    keys = [{p.entity.key for p in e.participants} for e in events]
    reported: dict[int, int] = {}
    for index, event in enumerate(events):
        for trigger in event.triggers:
            reported.setdefault(trigger.sentence, index)
    named: dict[int, set[str]] = {}
    for mention in mentions:
        named.setdefault(mention.sentence, set()).add(mention.entity.key)
    regions: list[set[int]] = [set() for _ in events]
    current = min(range(len(events)), key=lambda i: min(t.sentence for t in events[i].triggers))
    for sentence in sentences:
        index = sentence.index
        overlap = [len(named.get(index, set()) & k) for k in keys]
        best = max(overlap)
        if best and overlap.count(best) == 1:
            current = overlap.index(best)
        elif index in reported:
            current = reported[index]
        regions[current].add(index)
    for region, event in zip(regions, events):
        region.update(t.sentence for t in event.triggers)
    return regions
