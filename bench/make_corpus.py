"""Write a deterministic corpus of N cards in the reference format: python bench/make_corpus.py N FOLDER."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOPICS = ["AI", "Computer Vision", "Climate", "Politics", "Markets", "Health", "Space", "Energy",
          "Security", "Privacy", "Football", "Music", "Film", "Science", "Education", "Transport",
          "Housing", "Europe", "Asia", "Africa", "Américas", "Économie", "Technology", "Startups"]
PROVIDERS = [("The Financial Times", "ft.com"), ("Raleigh News & Observer", "newsobserver.com"),
             ("Gaming Polls", "gamepur.com"), ("LinkedIn", "linkedin.com"), ("Le Monde", "lemonde.fr"),
             ("Süddeutsche Zeitung", "sueddeutsche.de"), ("The Guardian", "theguardian.com"),
             ("Nikkei", "nikkei.com"), ("Reuters", "reuters.com"), ("BBC News", "bbc.co.uk")]
_PHRASES = (
    "police facial recognition rollout market energy climate vote court ruling study finds "
    "new record data privacy launch mission city council report growth crisis talks deal "
    "café naïve über 東京 ñandú"
)
WORDS = _PHRASES.split()
EPOCH = datetime(2026, 11, 26, tzinfo=UTC)


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def card(rng: random.Random, number: int) -> str:
    name, domain = rng.choice(PROVIDERS)
    when = (EPOCH - timedelta(minutes=rng.randrange(60 * 24 * 365 * 3))).strftime("%Y-%m-%dT%H:%M:%SZ")
    topics = rng.sample(TOPICS, rng.randint(0, 3))
    url = f"https://www.{domain}/content/{number:08d}"
    related = []
    for r in range(rng.randint(0, 4)):
        rname, rdomain = rng.choice(PROVIDERS)
        related.append(
            f'  - title: "{sentence(rng, 8)}"\n    excerpt: "{sentence(rng, 40)}"\n'
            f"    publishedDateTime: {when}\n    webUrl: \"https://www.{rdomain}/a/{number}-{r}\"\n"
            f"    type: article\n    provider:\n      name: {rname}\n      domain: {rdomain}\n"
            f"    quality: {rng.randint(0, 100)}\n")
    return (
        f"---\ncategory: news\ntitle: \"{sentence(rng, rng.randint(5, 14))} {number}\"\n"
        f"excerpt: \"{sentence(rng, rng.randint(30, 70))}\"\npublishedDateTime: {when}\n"
        f"webUrl: \"{url}\"\nampWebUrl: \"https://amp.{domain}/content/{number:08d}\"\n"
        f"type: article\nquality: {rng.randint(0, 100)}\nheat: {rng.randint(0, 100)}\npublished: true\n\n"
        f"provider:\n  name: {name}\n  domain: {domain}\n\n"
        f"topics:\n" + "".join(f"  - {t}\n" for t in topics) + "\n"
        f"images:\n  - url: \"https://img.{domain}/{number}.jpg\"\n    width: 1200\n    height: 675\n\n"
        f"related:\n" + "".join(related) + f"\nsecured: \"{'x' * 400}\"\n---\n"
    )


def main() -> None:
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(20261126)
    for number in range(count):
        sub = folder / f"{number // 1000:03d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:06d}.txt").write_text(card(rng, number), encoding="utf-8")
    print(f"wrote {count:,} cards to {folder}")


if __name__ == "__main__":
    main()
