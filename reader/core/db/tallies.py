"""What the sidebar counts of the library: each topic's cards, the unread ones in all and per
topic (after the first count, only the stories whose mark changed are looked at again), and how
many of some stories (the starred ones) have a card here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable

from .cards import CHUNK, Cards

FEW = 64
"""Stories count_stories looks up one by one (more: one pass over the columns)."""


class Tallies(Cards):
    """The sidebar's counts."""

    def _topic_index(self) -> tuple[dict[str, str], Counter[int]]:
        """Each topic's name (as the first card in load order writes it) by its case-folded
        key, and how many shown cards have each topic set."""
        if self._topic_rows is None:
            sets = self.columns.sets
            topics = self.columns.topics
            names: dict[str, str] = {}
            first = dict.fromkeys(map(topics.__getitem__, self.ids))  # in load order
            for number in first:
                for topic in sets[number]:
                    names.setdefault(topic.casefold(), topic)
            self._topic_rows = names, Counter(map(topics.__getitem__, self._shown_ids()))
        return self._topic_rows

    def topics(self) -> list[tuple[str, int]]:
        """(name, card count) for each topic, alphabetical ignoring case."""
        if self._topic_list is None:  # (the sidebar asks at every mark)
            names, per_set = self._topic_index()
            counts: Counter[str] = Counter()
            for number, count in per_set.items():
                for topic in self.columns.sets[number]:
                    counts[topic.casefold()] += count
            self._topic_list = [(names[key], counts[key]) for key in sorted(counts) if counts[key]]
        return list(self._topic_list)

    def unread_counts(self, read: Container[str]) -> tuple[int, Counter[str]]:
        """Unread cards in all, and per topic (by case-folded name), for the sidebar. After the
        first time, only the stories whose mark changed are looked at again."""
        marked = set(read) if isinstance(read, Iterable) else set()
        sets = self.columns.sets
        if self._unread is None:
            stories, topics = self.columns.story, self.columns.topics
            hashed = {hash(story) for story in marked}
            per_set = Counter(topics[number] for number in self._shown_ids()
                              if stories[number] not in hashed)
            per_topic: Counter[str] = Counter()
            for number, count in per_set.items():
                for topic in sets[number]:
                    per_topic[topic.casefold()] += count
            self._unread = marked, per_set, per_topic
        else:
            before, per_set, per_topic = self._unread
            changed = before ^ marked
            if len(changed) > CHUNK:  # a whole view marked: counting again is quicker
                self._unread = None
                return self.unread_counts(marked)
            for story in changed:
                step = -1 if story in marked else 1
                for number in self._numbers_of(story):
                    if number not in self.hidden:
                        per_set[self.columns.topics[number]] += step
                        for topic in sets[self.columns.topics[number]]:
                            per_topic[topic.casefold()] += step
            self._unread = marked, per_set, per_topic
        return sum(per_set.values()), Counter(per_topic)

    def count_stories(self, stories: Iterable[str]) -> int:
        """How many of these stories have a card here (starred ones, say): a query each for a
        few, else one pass over the shown cards' story hashes (the sidebar counts on every
        mark, and a re-check can make thousands of stories new)."""
        wanted = list(stories)
        if len(wanted) <= FEW:
            return sum(1 for story in wanted if self.find(story) is not None)
        hashed = {hash(story) for story in wanted}
        column = self.columns.story
        return sum(map(hashed.__contains__, map(column.__getitem__, self._shown_ids())))

