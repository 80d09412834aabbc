"""Feed figures (issue 24): python bench/feeds.py [FEEDS] [ENTRIES] [CLUSTER_ENTRIES]

1. FEEDS local feeds of ENTRIES entries each (200 x 50), served on 127.0.0.1 with ETags: the
   first fetch with conversion to cards and the index of the cards, then a second fetch that is
   all 304. Meanwhile a thread that wakes every 5 ms records how late it ever woke: the longest
   the fetch held the interpreter, i.e. the longest a UI thread beside it would have waited.
2. Clustering CLUSTER_ENTRIES entries (100,000) into stories (stories.cluster).
3. If datasketch is installed: its MinHash LSH on the same titles, for comparison.

Everything runs in a temporary HOME; nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WORDS = """police facial recognition rollout market energy climate vote court ruling study
finds record data privacy launch mission city council report growth crisis talks deal storm"""


_SYLLABLE_TEXT = """ka lo mi ne ra su te vo da fi gu ha ji ku li ma no pe ri sa to ve wa ya zo
ber tan mor lin das kel vor bra"""
SYLLABLES = _SYLLABLE_TEXT.split()
_VOCABULARY = [a + b + c for a in SYLLABLES[:16] for b in SYLLABLES for c in ("", "s", "n")][:3000]
_WEIGHTS = [1 / (rank + 1) for rank in range(len(_VOCABULARY))]


def titles(rng: random.Random, count: int) -> list[str]:
    """Headlines of 6 to 10 words from a vocabulary of 3,000, drawn as words are (Zipf)."""
    return [" ".join(rng.choices(_VOCABULARY, _WEIGHTS, k=rng.randint(6, 10))).capitalize()
            for _ in range(count)]


def make_feeds(folder: Path, feeds: int, entries: int) -> None:
    """Feeds whose entries share stories: each story is covered by 1 to 5 feeds."""
    rng = random.Random(7)
    stories = titles(rng, feeds * entries // 2)
    for number in range(feeds):
        items = []
        for n in range(entries):
            title = rng.choice(stories) if rng.random() < 0.5 else titles(rng, 1)[0]
            items.append(f"<item><title>{title}</title><link>https://site{number}.example/{n}</link>"
                         f"<guid>{number}-{n}</guid><pubDate>Thu, 03 Dec 2026 0{n % 10}:00:00 GMT"
                         f"</pubDate><description>About {title}. {' '.join(WORDS.split()[:20])}</description>"
                         "</item>")
        (folder / f"{number}.xml").write_text(
            f'<rss version="2.0"><channel><title>Feed {number}</title><link>https://site{number}'
            f'.example/</link>{"".join(items)}</channel></rss>')


class Handler(BaseHTTPRequestHandler):
    folder = Path()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = (self.folder / self.path.lstrip("/")).read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Heartbeat(threading.Thread):
    """Wakes every 5 ms and keeps the longest it was late: what a UI thread would wait."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop, self.worst = threading.Event(), 0.0

    def run(self) -> None:
        while not self.stop.is_set():
            asked = time.perf_counter()
            time.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - asked - 0.005)


def fetch_figures(feeds: int, entries: int) -> None:
    from reader.core.load import load
    from reader.core.state import State
    from reader.core.subscriptions import Subscriptions
    from reader.feeds import run as fetching
    from reader.feeds.folder import feeds_folder

    served = Path(tempfile.mkdtemp())
    make_feeds(served, feeds, entries)
    Handler.folder = served
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state, _ = State.open()
    for number in range(feeds):
        Subscriptions(state).add(f"http://127.0.0.1:{server.server_address[1]}/{number}.xml")
    for label in ("first fetch", "second fetch (all 304)"):
        beat = Heartbeat()
        beat.start()
        started = time.perf_counter()
        report = fetching.run(state)
        fetched = time.perf_counter() - started
        indexed = load([str(feeds_folder())])
        total = time.perf_counter() - started
        beat.stop.set()
        beat.join()
        statuses = {result.status for result in report.results}
        print(f"{label:24} {fetched:6.2f} s fetch+cards, {total:6.2f} s with the index "
              f"({report.stories:,} stories, {report.written:,} cards written, "
              f"{indexed.parsed:,} parsed; {sorted(statuses)}); "
              f"longest hold of the interpreter {beat.worst * 1000:.0f} ms")
    state.close()
    server.shutdown()


def cluster_figures(count: int) -> None:
    from reader.feeds.parse import Entry
    from reader.feeds.stories import Source, cluster

    rng = random.Random(11)
    base = titles(rng, count // 3)
    sources = []
    for n in range(count):
        title = rng.choice(base) if rng.random() < 0.6 else titles(rng, 1)[0]
        if rng.random() < 0.3:  # a near duplicate: one word changed
            words = title.split()
            words[rng.randrange(len(words))] = rng.choice(_VOCABULARY)
            title = " ".join(words)
        link = f"https://f{n % 500}.example/{n}"
        sources.append(Source(Entry(str(n), title, link, link), f"feed{n % 500}", "", "",
                              1_796_000_000 + rng.random() * 30 * 86_400, f"f{n % 500}"))
    started = time.perf_counter()
    stories = cluster(sources)
    print(f"cluster {count:,} entries: {time.perf_counter() - started:.2f} s, "
          f"{len(stories):,} stories")
    try:
        from datasketch import MinHash, MinHashLSH  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("datasketch not installed: its MinHash LSH is not measured")
        return
    from reader.feeds.stories import shingles

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=0.6, num_perm=64)
    hashes = []
    for n, source in enumerate(sources):
        minhash = MinHash(num_perm=64)
        minhash.update_batch([s.encode() for s in shingles(source.entry.title)])
        lsh.insert(str(n), minhash)
        hashes.append(minhash)
    pairs = sum(len(lsh.query(minhash)) for minhash in hashes)
    print(f"datasketch MinHash LSH (64 permutations) on the same: "
          f"{time.perf_counter() - started:.2f} s, {pairs:,} candidate pairs (no 72 h window)")


def main() -> None:
    feeds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    entries = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    clustered = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    home = tempfile.mkdtemp()
    for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = os.path.join(home, name.lower())
    print(f"{feeds} feeds x {entries} entries, served on 127.0.0.1; {os.cpu_count()} cores")
    fetch_figures(feeds, entries)
    cluster_figures(clustered)


if __name__ == "__main__":
    main()
