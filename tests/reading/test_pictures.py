"""The story's lead picture (issue 26, part 2): fetched from a local server, kept in the cache,
decoded under caps. Hostile pictures: over 5 MB, a decompression bomb, not a picture, a
redirect to file://."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from reader.reading import pictures
from reader.reading.pictures import lead, picture
from tests.feeds.server import Server, body, huge, redirect


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(stream, "PNG")
    return stream.getvalue()


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG of a few hundred bytes whose header claims width x height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def test_a_picture_is_fetched_scaled_down_and_then_read_from_the_cache(server: Server) -> None:
    server.routes["/lead.png"] = body(png(3000, 1500), "image/png")
    found = picture(server.url("/lead.png"))
    assert found.image is not None and found.why == ""
    assert max(found.image.size) == pictures.SHOWN and found.image.size[0] == 2 * found.image.size[1]
    asked = len(server.log.paths())
    again = picture(server.url("/lead.png"))  # offline would do: it is kept
    assert again.image is not None and len(server.log.paths()) == asked


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize(("route", "said"), [
    (huge, "over 5 MB"),
    (body(bomb_png(), "image/png"), "too big to decode (2,500,000,000 pixels; at most 25,000,000)"),
    (body(bomb_png(6000, 6000), "image/png"), "too big to decode (36,000,000 pixels"),
    (body(b"<html>not a picture</html>", "text/html"), "cannot be read"),
    (body(png(10, 10)[:40], "image/png"), "cannot be read"),
    (redirect("file:///etc/passwd"), "could not be fetched"),
])
def test_a_hostile_picture_is_one_sentence(server: Server, route: object, said: str) -> None:
    server.routes["/bad"] = route  # type: ignore[assignment]
    found = picture(server.url("/bad"))
    assert found.image is None and said in found.why, found.why
    assert not list(pictures.SHELF.folder().glob("*.img"))  # nothing bad is kept


def test_the_lead_picture_is_the_cards_first_else_the_pages() -> None:
    assert lead(["javascript:alert(1)", "https://a.example/1.jpg"], "https://b/2.jpg") \
        == "https://a.example/1.jpg"
    assert lead([], "https://b.example/og.jpg") == "https://b.example/og.jpg"
    assert lead(["file:///etc/passwd"], "") is None
