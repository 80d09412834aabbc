"""Entries from many feeds as stories: one story per event, ranked by how widely it is covered.

**One story.** Two entries of *different* feeds are one story when their canonical URLs are
equal, or when their titles are near duplicates published within 72 hours of each other: the
titles' word shingles (folded, without stop words, plurals as singular; single words and pairs
of neighbours) overlap with a Jaccard index of at least 0.6. Candidates come from an inverted
index of the pairs, so each entry is compared only with a few that share its rarest pairs of
words, not with all 100,000. The pairs keep near misses apart: "Apple shares fall after earnings" and
"Apple shares rise after earnings" share 4 of 10 shingles (0.4).

**Heat** = 40 × Σ over the story's distinct sources (publishers: a feed's site; two feeds of one
site are one source) of 0.5^(h / 24), where h is the hours between
that source's entry and the story's newest entry: every source that covers a story within a day
of the latest counts almost whole, older coverage less. Three sources covering a story today
make 120, two make 80, one 40: more coverage always ranks higher, and heat grows as coverage
does (the reader shows ▲ and the rising sort sees it). Recency across stories is the `hot`
sort's (heat halved per 24 h of age); measured from the story itself, heat changes only when its
coverage does, so an unchanged fetch rewrites no card.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from ..core.folding import fold
from .parse import Entry

WINDOW = 72 * 3600.0
SIMILAR = 0.6
HALF_LIFE = 24 * 3600.0
HEAT_PER_SOURCE = 40.0
RAREST, CANDIDATES = 3, 32
"""An entry is compared with the entries of its 3 rarest word pairs (in the last 72 h), at most
32 of each, the most recent first: a pair that thousands of titles share ("prime minister")
cannot make clustering quadratic."""
_WORD = re.compile(r"[^\W_]+")
_STOP_WORDS = """
a an the and or but of in on at to for from by with as is are was were be been it its this that
these those into over after before about than then new says say said will would can could may
might has have had not no yes up out how why what who when where which
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass
class Source:
    """An entry as one source of a story: the entry, its feed, and when it counts from."""

    entry: Entry
    feed: str
    """The feed's URL."""
    provider: str
    """The feed's title (what the card says the source is)."""
    domain: str
    """Where the entry's page is (the card's provider domain)."""
    first_seen: float
    publisher: str = ""
    """Who the source is: the feed's site's host (two feeds of one site are one source)."""

    @property
    def when(self) -> float:
        return self.entry.published if self.entry.published is not None else self.first_seen

    @property
    def key(self) -> tuple[str, str]:
        return self.feed, self.entry.id


@dataclass
class Story:
    sources: list[Source] = field(default_factory=list)

    @property
    def lead(self) -> Source:
        """The most complete entry: the longest text, then an image, then the earliest."""
        return max(self.sources, key=lambda s: (len(s.entry.summary) + 200 * bool(s.entry.images),
                                                -s.when))

    @property
    def first(self) -> Source:
        """Its earliest-seen entry: what names the story's card, so the file stays the same
        while coverage grows and the lead changes."""
        return min(self.sources, key=lambda s: (s.first_seen, s.key))

    @property
    def heat(self) -> int:
        newest = max(source.when for source in self.sources)
        best: dict[str, float] = {}
        for source in self.sources:
            weight = 0.5 ** (max(0.0, newest - source.when) / HALF_LIFE)
            who = source.publisher or source.feed
            best[who] = max(best.get(who, 0.0), weight)
        return round(HEAT_PER_SOURCE * sum(best.values()))


def shingles(title: str) -> frozenset[str]:
    words = [_singular(word) for word in _WORD.findall(fold(title)) if word not in _STOP]
    return frozenset(words) | frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= SIMILAR


def cluster(sources: Sequence[Source]) -> list[Story]:
    """The sources grouped into stories (every source in exactly one)."""
    parent = list(range(len(sources)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(a: int, b: int) -> None:
        if sources[a].feed != sources[b].feed:  # one feed's own entries stay apart
            parent[root(a)] = root(b)

    by_url: dict[str, int] = {}
    for number, source in enumerate(sources):
        if source.entry.link:
            first = by_url.setdefault(source.entry.story, number)
            if first != number:
                join(number, first)
    order = sorted(range(len(sources)), key=lambda n: sources[n].when)
    shingled = [shingles(source.entry.title) for source in sources]
    pairs: dict[str, deque[int]] = defaultdict(deque)
    for number in order:  # in time order: candidates older than 72 h are dropped as we go
        when, mine = sources[number].when, shingled[number]
        mine_pairs = [s for s in mine if " " in s]
        for pair in mine_pairs:
            bucket = pairs[pair]
            while bucket and when - sources[bucket[0]].when > WINDOW:
                bucket.popleft()
        seen: set[int] = set()
        # Near duplicates share most of their word pairs, so they share the rarest ones too:
        # only those buckets are looked into (a common pair would make this quadratic).
        for pair in sorted(mine_pairs, key=lambda p: len(pairs[p]))[:RAREST]:
            for other in islice(reversed(pairs[pair]), CANDIDATES):
                if other in seen:
                    continue
                seen.add(other)
                theirs = shingled[other]
                if (SIMILAR * len(theirs) <= len(mine) <= len(theirs) / SIMILAR
                        and root(other) != root(number) and similar(mine, theirs)):
                    join(number, other)
        for pair in mine_pairs:
            pairs[pair].append(number)
    stories: dict[int, Story] = {}
    for number, source in enumerate(sources):
        stories.setdefault(root(number), Story()).sources.append(source)
    return list(stories.values())


def ranked(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda story: (-story.heat, -max(s.when for s in story.sources)))
