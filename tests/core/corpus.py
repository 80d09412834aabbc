"""The store and library tests' shared corpus: 300 cards of every shape the index must order,
count and search alike (unknown dates, ties, copies, raw heat, unpublished cards), the query
language's every kind of term, and marks drawn at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from reader.core.card import Entry
from reader.core.query import Marks

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
TOPICS = ["AI", "ai", "Économie", "Economie", "Space", "Politics", "Music"]
PROVIDERS = [("The Financial Times", "ft.com"), ("Le Monde", "lemonde.fr"),
             ("Süddeutsche Zeitung", "sueddeutsche.de"), ("BBC News", "bbc.co.uk")]
WORDS = ["police", "court", "ruling", "café", "naïve", "über", "climate", "vote", "market",
         "energy", "rollout"]
QUERIES = [
    "", "police", "café", "cafe", "-police", '"court ruling"', "police court",
    "police OR climate", "police (court OR ruling)", "-(topic:ai OR topic:space)",
    "topic:ai", "topic:economie", "-topic:music", "provider:monde", "provider:ft.com",
    "provider:suddeutsche", "heat>50", "heat>=50", "heat<10", "heat:50", "heat:12.5",
    "heat:10..60", "heat:..0", "heat:-1", "-heat>40", "-heat:10..60", "quality>=60",
    "quality:..30", "-quality:50",
    "newer:2d", "older:1w", "-newer:3d", "after:2026-11", "before:2026-11-20",
    "is:unread", "is:read", "is:starred", "is:new", "-is:read police",
    "climate OR (heat>80 -is:read)", "ü", "ab", "-", "vote market OR energy -ruling",
]
"""Every kind of term, alone and mixed, negated, in groups; words of 1 and 2 characters."""


def card_fields_of(rng: random.Random, number: int) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": rng.choice(["", '"', "¡"]) + " ".join(rng.choice(WORDS) for _ in range(3)).title(),
        "excerpt": " ".join(rng.choice(WORDS) for _ in range(8)),
        "webUrl": f"https://news.example/{rng.randrange(260)}",  # about 1 in 7 a copy
    }
    heat = rng.choice([None, -1, 0, 12.5, 12.3, *range(0, 100, 7), 189, 4444])
    if heat is not None:
        fields["heat"] = heat
    quality = rng.choice([None, 10, 50, 60, 80])
    if quality is not None:
        fields["quality"] = quality
    day = rng.choice([None, 15, 20, 24, 25, 26, 27, 27, 28])  # ties on dates, unknown dates
    if day is not None:
        fields["publishedDateTime"] = f"2026-11-{day:02}T{rng.choice([6, 12]):02}:00:00Z"
    name, domain = rng.choice(PROVIDERS)
    fields["provider"] = {"name": name, "domain": domain}
    fields["topics"] = rng.sample(TOPICS, rng.randrange(4))
    if rng.random() < 0.1:
        fields["published"] = False
    return fields


def marks_for(entries: list[Entry], seed: int) -> Marks:
    rng = random.Random(seed)
    stories = sorted({entry.story for entry in entries})
    return Marks(frozenset(rng.sample(stories, 80)), frozenset(rng.sample(stories, 20)),
                 frozenset(rng.sample(stories, 30)))
