"""Fixtures of the Pilot tests: small folders of cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CardWriter, card_fields


@pytest.fixture
def four(write_card: CardWriter, tmp_path: Path) -> Path:
    """Four cards: three of AI (one of them Trade too), one of Politics; two police stories."""
    write_card("a.txt", **card_fields("Police body cameras", 90, topics=["AI"]))
    write_card("b.txt", **card_fields("Facial recognition at the café", 70, topics=["AI"]))
    write_card("c.txt", **card_fields("Chip exports", 40, topics=["AI", "Trade"]))
    write_card("d.txt", **card_fields("Police budget vote", 20, topics=["Politics"]))
    return tmp_path / "cards"


@pytest.fixture
def four_apart(write_card: CardWriter, tmp_path: Path) -> Path:
    """The same four cards, each under a topic of its own (the café story under Vision)."""
    write_card("a.txt", **card_fields("Police body cameras", 90, topics=["AI"]))
    write_card("b.txt", **card_fields("Facial recognition at the café", 70, topics=["Vision"]))
    write_card("c.txt", **card_fields("Chip exports", 40, topics=["Trade"]))
    write_card("d.txt", **card_fields("Police budget vote", 20, topics=["Politics"]))
    return tmp_path / "cards"
