"""What was read once, kept in the cache folder so it shows offline: articles
($XDG_CACHE_HOME/newsreader/pages, one JSON file each) and pictures (.../images). Each is a
Shelf: one file per key, written atomically, the least recently read going first once the
folder passes its cap."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from ..core.db import cache_dir
from ..core.files import write_atomically
from .article import Article

CAP = 50 * 1024 * 1024


class Shelf:
    """Files of one kind in the cache folder, by key (see module)."""

    def __init__(self, name: str, suffix: str) -> None:
        self.name = name
        self.suffix = suffix

    def folder(self) -> Path:
        return cache_dir() / self.name

    def _file(self, key: str) -> Path:
        return self.folder() / (key + self.suffix)

    def read(self, key: str) -> tuple[bytes, float] | None:
        """What is kept under the key and when it was saved, or None; it is read now (the
        last to go: atime is the LRU)."""
        path = self._file(key)
        try:
            data = path.read_bytes()
            saved = path.stat().st_mtime
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path, (time.time(), saved))
        return data, saved

    def get(self, key: str) -> bytes | None:
        kept = self.read(key)
        return None if kept is None else kept[0]

    def put(self, key: str, data: bytes, cap: int = CAP) -> None:
        """Keep the bytes (atomically), then trim the folder to its cap, oldest read first."""
        path = self._file(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        except OSError:
            return  # (a cache that cannot be written is no cache, not an error)
        self._trim(cap)

    def _trim(self, cap: int) -> None:
        entries = []
        for path in self.folder().glob("*" + self.suffix):
            with contextlib.suppress(OSError):
                info = path.stat()
                entries.append((info.st_atime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= cap:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size


PAGES = Shelf("pages", ".json")


def folder() -> Path:
    return PAGES.folder()


def key_of(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:32]


def get(url: str) -> Article | None:
    kept = PAGES.read(key_of(url))
    if kept is None:
        return None
    try:
        data = json.loads(kept[0].decode("utf-8"))
    except ValueError:
        return None
    return Article.from_json(data, kept[1]) if isinstance(data, dict) else None


def put(article: Article, cap: int = CAP) -> None:
    """Keep an article, then trim the folder to its cap, oldest read first."""
    PAGES.put(key_of(article.url), json.dumps(article.as_json(), ensure_ascii=False).encode(),
              cap)
