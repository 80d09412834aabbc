"""Cards of the shapes a news site publishes (../shared/real-cards has real ones, for checking by
hand): unbounded heat, originalUrl beside or instead of webUrl, video cards with an iframe, HTML
character references in text, cards not published yet. The tests make their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import front_matter

VIDEO_EMBED = "https://www.youtube.com/embed/WJk-Y8LQlfE"
VIDEO_WATCH = "https://youtube.com/watch?v=WJk-Y8LQlfE"
IFRAME = (f'<iframe width="800" height="500" frameborder="0" src="{VIDEO_EMBED}" '
          'allow="autoplay; encrypted-media" allowfullscreen></iframe>')


def _card(title: str, **fields: Any) -> dict[str, Any]:
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
    return {
        "category": "news",
        "title": title,
        "excerpt": f"About {title}.",
        "publishedDateTime": "2026-11-25T12:00:00Z",
        "webUrl": f"https://site.example/{slug}",
        "type": "article",
        "provider": {"name": "Site", "domain": "site.example"},
        "topics": ["Power Apps"],
        **fields,
    }


PUBLISHED: dict[str, dict[str, Any]] = {
    "hottest.md": _card("Hottest", heat=189, quality=137, published=True,
                        originalUrl="https://site.example/elsewhere"),
    "four-digits.md": _card("Four digits", heat=4444, quality=3, published=True),
    "float.md": _card("Float heat", heat=12.5, published=True),
    "zero.md": _card("Zero heat", heat=0, quality=0, published=True),
    "no-heat.md": _card("No heat at all"),
    "video.md": {
        **_card("Release wave video", heat=137, quality=137, published=True, type="video",
                originalUrl=VIDEO_WATCH, featuredContent=IFRAME),
        "webUrl": None,
    },
    "entities.md": _card(
        "Dynamics 365 &amp; Power Apps: we&#8217;re live &lt;b&gt;",
        heat=63, published=True,
        excerpt="Today we&#8217;re   excited.&#27;[31m Red? &amp;amp; once",
        provider={"name": "Smith &amp; Co", "domain": "smith.example"},
        topics=["AI &amp; ML"],
        related=[{"title": "Q&amp;A", "excerpt": "It&#8217;s", "webUrl": "https://r.example/qa"}],
        images=[{"url": "https://img.example/a.png", "width": 1, "height": 1,
                 "title": "Logo &copy; Smith"}],
    ),
    "refused-web.md": _card("Refused web", heat=40, published=True,
                            webUrl="javascript:alert(1)", ampWebUrl="https://amp.example/x"),
    "draft.md": _card("Draft card", heat=-1, quality=0, published=False),
}
"""file name -> front matter; the video card has no webUrl (None is left out when written)."""

ORDER = ["Four digits", "Hottest", "Release wave video",
         "Dynamics 365 & Power Apps: we’re live <b>", "Refused web", "Float heat", "Zero heat",
         "Draft card", "No heat at all"]
"""Every card in raw-heat order: 4444, 189, 137, 63, 40, 12.5, 0, -1, then no heat."""


def write_published(folder: Path) -> Path:
    """Write the cards into folder (made if needed); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, fields in PUBLISHED.items():
        front = {key: value for key, value in fields.items() if value is not None}
        (folder / name).write_text(f"---\n{front_matter(front)}---\n", encoding="utf-8")
    return folder
