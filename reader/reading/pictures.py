"""The story's lead picture: the card's first image, else the article's (og:image), fetched off
the UI thread, kept in the cache folder ($XDG_CACHE_HOME/newsreader/images, least recently
shown out past 50 MB), and decoded under caps. Textual-free: the widget draws what this gives.

A picture is as untrusted as a card: http(s) only at every redirect, at most 5 MB downloaded,
at most 25 million pixels decoded (Pillow's check, made an error: a 100-byte PNG can claim
50,000 x 50,000), and scaled down to what a terminal can show before it is handed on."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.urls import refusal
from .cache import Shelf, key_of

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
"""Pixels a picture may have once decoded (a 5,000 x 5,000 photo); more is refused unread."""
SHOWN = 1024
"""The longest side, in pixels, a picture is scaled down to before it is drawn."""
SHELF = Shelf("images", ".img")


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture to draw, or why there is none (a sentence)."""

    url: str
    image: Image | None = None
    why: str = ""


def lead(card_images: list[str], article_image: str = "") -> str | None:
    """The URL of the story's lead picture: the card's first http(s) image, else the
    article's; None when there is none."""
    for url in [*card_images, article_image]:
        if url and refusal(url) is None:
            return url
    return None


def picture(url: str) -> Picture:
    """On a worker thread: the picture at this URL, from the cache or fetched, decoded."""
    refused = refusal(url)
    if refused is not None:
        return Picture(url, why=f"The picture is not fetched: {refused}.")
    data = SHELF.get(key_of(url))
    if data is None:
        from ..feeds.http import Request, fetch  # the network loads here, on the worker

        [answer] = fetch([Request(url, limit=MAX_BYTES)])
        if answer.error:
            reason = "it is over 5 MB" if answer.error.startswith("over") else answer.error
            return Picture(url, why=f"The picture could not be fetched: {reason}.")
        if answer.status != 200 or answer.body is None:
            return Picture(url, why=f"The picture could not be fetched: HTTP {answer.status}.")
        data = answer.body
        decoded = decode(url, data)
        if decoded.image is not None:
            SHELF.put(key_of(url), data)
        return decoded
    return decode(url, data)


def decode(url: str, data: bytes) -> Picture:
    """The picture in these bytes, scaled down to SHOWN; a sentence when it is not one, or
    claims more than MAX_PIXELS (nothing past the header is decoded then)."""
    from PIL import Image as Images  # Pillow loads only when a picture is shown

    Images.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own check, at open: warns, then raises
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Images.DecompressionBombWarning)
            opened = Images.open(io.BytesIO(data))
            width, height = opened.size
            if width * height > MAX_PIXELS:  # (Pillow's check, should it be turned off)
                raise Images.DecompressionBombError(f"Image size ({width * height} pixels)")
            opened.draft("RGB", (SHOWN, SHOWN))  # JPEG: decoded at a fraction of its size
            opened.thumbnail((SHOWN, SHOWN))
            image = opened.convert("RGB")
    except (Images.DecompressionBombError, Images.DecompressionBombWarning) as error:
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(claimed.group(1)):,} pixels" if claimed else str(error)
        return Picture(url, why=f"The picture is too big to decode ({size}; at most "
                                f"{MAX_PIXELS:,}).")
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        return Picture(url, why=f"The picture cannot be read ({_reason(error)}).")
    return Picture(url, image)


def _reason(error: Exception) -> str:
    text = str(error).split("\n")[0][:120]
    return text or type(error).__name__


