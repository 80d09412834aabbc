"""Feeds become cards: subscribe (RSS, Atom, JSON Feed, OPML), fetch politely, and write one card
per story into a folder the reader owns, with heat from how widely the story is covered and its
other sources as related items.

Plain Python, no Textual. The only importer of the network and feed libraries (httpx,
feedparser), and each loads only when fetching: the reader's first paint does not pay for them.

    subscribe (core/subscriptions.py) → fetch (http.py) → entries (parse.py, text.py)
        → per feed, kept (entries.py) → stories (stories.py) → cards (cards.py)
"""
