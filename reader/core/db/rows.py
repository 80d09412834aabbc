"""A card's row: the columns an Entry is made of, and the checks a row must pass to become one (a
hand-edited database may hold anything)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..card import Entry
from ..scores import MAX_SCORE
from .schema import TOPIC_JOIN, Damaged

KEPT = Entry("", "", "", None, None, float("-inf"), "", "", (), True, False, b"", "")
"""The item of a card whose row the database keeps (a load reads the files only): never shown."""
READ_ROWS = 1_000
"""Rows fetched at a time from a cursor over every card. The rows of a block live together and
are freed together; the small objects kept meanwhile (a topic set, say) pin the memory they
were among. 10,000 a block left 5 MB of it at 100k cards, for no gain in speed."""
_NUMBERS = (int, float)
_FLAGS = (0, 1)


def sound_card(title: object, url: object, heat: object, quality: object, when: object,
               provider: object, domain: object, topics: object, public: object, video: object,
               search: object, story: object) -> bool:
    """True when a card row's values have the types an Entry needs (a hand-edited database may
    hold anything; sorting or search would trip on it). Scores: a number within MAX_SCORE."""
    return (type(title) is str and type(url) is str and type(provider) is str
            and type(domain) is str and type(topics) is str and type(story) is str
            and type(search) is bytes and type(when) is float
            and public in _FLAGS and video in _FLAGS
            and (heat is None or (type(heat) in _NUMBERS and abs(heat) <= MAX_SCORE))  # type: ignore[arg-type]
            and (quality is None
                 or (type(quality) in _NUMBERS and abs(quality) <= MAX_SCORE)))  # type: ignore[arg-type]
ENTRY_COLUMNS = ('c.id, c.path, c.title, c.url, c.heat, c.quality, c."when", c.provider, '
                 "c.domain, c.topics, c.public, c.video, c.search, c.story")
"""The columns an Entry is made of (entry_of), for rows read by number."""


def ranked(path: bytes, heat: object, when: float) -> Entry:
    """An Entry with just what copy_rank reads."""
    return Entry(os.fsdecode(path), "", "", heat, None, when, "", "", (), True,  # type: ignore[arg-type]
                 False, b"", "")


_TOPICS: dict[str, tuple[str, ...]] = {"": ()}


def entry_of(row: Sequence[Any]) -> Entry:
    """An Entry from a row of ENTRY_COLUMNS's columns; Damaged when its values cannot be one."""
    if type(row[1]) is not bytes or not sound_card(*row[2:14]):
        raise Damaged("a card row with values of the wrong type")
    joined = row[9]
    topics = _TOPICS.get(joined)
    if topics is None:
        topics = _TOPICS[joined] = tuple(joined.split(TOPIC_JOIN))
    return Entry(os.fsdecode(row[1]), row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                 topics, row[10] == 1, row[11] == 1, row[12], row[13])

