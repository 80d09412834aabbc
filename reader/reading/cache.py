"""Articles read once, kept in the cache folder ($XDG_CACHE_HOME/newsreader/pages) so they show
offline: one JSON file per page, the least recently read going first once the folder passes
its cap."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from ..core.db import cache_dir
from .article import Article

CAP = 50 * 1024 * 1024


def folder() -> Path:
    return cache_dir() / "pages"


def _file(url: str) -> Path:
    return folder() / (hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:32] + ".json")


def get(url: str) -> Article | None:
    path = _file(url)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = path.stat().st_mtime
    except (OSError, ValueError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path, (time.time(), saved))  # read now: the last to go (atime is the LRU)
    return Article.from_json(data, saved) if isinstance(data, dict) else None


def put(article: Article, cap: int = CAP) -> None:
    """Keep an article (atomically), then trim the folder to its cap, oldest read first."""
    path = _file(article.url)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(article.as_json(), file, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        _trim(cap)


def _trim(cap: int) -> None:
    entries = []
    for path in folder().glob("*.json"):
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
