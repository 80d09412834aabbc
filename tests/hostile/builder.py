"""A folder of hostile and broken card files, built at test time (FIFOs and link loops cannot live in git).

build(folder) writes it and returns {file name: part of the reason it must be skipped with}; every other
file in it is a card that must load.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

ESC = "\x1b"
OSC52 = f"{ESC}]52;c;ZXZpbCBjbGlwYm9hcmQ={chr(7)}"
OSC8 = f"{ESC}]8;;https://evil.example/{chr(7)}click me{ESC}]8;;{chr(7)}"
MARKUP_TITLES = [
    "[bold red]x[/]",
    "[@click=app.quit]Quit the app[/]",
    "[link=https://evil.example/]pwned[/link]",
    "[VIDEO] Price [$5] [/]",
    "[ @click=app.bell ]ring",
]


def _card(title: str, url: str = "", heat: str = "50", extra: str = "") -> str:
    # each card its own story (cards with one URL would be listed once, as copies)
    url = url or f"https://news.example/story/{zlib.crc32(title.encode('utf-8', 'surrogatepass'))}"
    return (f'---\ntitle: "{title}"\nwebUrl: "{url}"\nheat: {heat}\n'
            f"publishedDateTime: 2026-11-25T10:00:00Z\n{extra}---\nbody\n")


def _yaml_str(text: str) -> str:
    """A double-quoted YAML string that carries any code point, escapes included."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def build(folder: Path) -> dict[str, str]:
    """Write the hostile folder; return the expected problems."""
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, text: str) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    # Cards that must load, whatever they hold.
    for number, title in enumerate(MARKUP_TITLES):
        write(f"markup{number}.txt", _card(_yaml_str(title), heat=str(90 - number),
                                           extra=f'provider: {{name: "{_yaml_str(title)}"}}\n'
                                                 f'topics: ["{_yaml_str(title)}"]\n'))
    write("osc52.txt", _card(_yaml_str(f"Clipboard {OSC52} attack"), heat="88",
                             extra=f'excerpt: "{_yaml_str(OSC8 + " and " + OSC52)}"\n'))
    write("osc8.txt", _card(_yaml_str(f"Link {OSC8}"), heat="87"))
    write("bidi.txt", _card(_yaml_str("Invoice \u202egnp.exe \u2066x\u2069"), heat="86",
                            extra='topics: ["A\u200bI", "\ufeffAI", "Vision"]\n'))
    write("csi.txt", _card(_yaml_str(f"{ESC}[2J{ESC}[31mCleared?{ESC}[0m \x9b1;1H C1"), heat="85"))
    write("wrongtypes.txt",
          '---\ntitle: NO\nheat: "hot"\nquality: [1]\ntopics: "AI, Vision"\nrelated: "see also"\n'
          "provider: FT\nimages: 5\npublishedDateTime: 2020-02-30\nwebUrl: 12\n---\n")
    write("nan.txt", _card("NaN heat", heat=".nan"))
    write("negative.txt", _card("Negative heat", heat="-5"))
    write("sexagesimal.txt", _card("Sexagesimal heat", heat="1:30"))
    write("hugeint.txt", _card("Huge heat", heat="9" * 5000))
    write("year1.txt", _card("Year one", extra="").replace("2026-11-25T10:00:00Z", "0001-01-01"))
    write("year9999.txt", _card("Year 9999").replace("2026-11-25T10:00:00Z", "9999-12-31T23:59:59"))
    write("epoch.txt", _card("Epoch date").replace("2026-11-25T10:00:00Z", "1582000000"))
    write("longtitle.txt", _card("T" * 20_000, heat="70"))
    write("bigexcerpt.txt", _card("Big excerpt", extra=f'excerpt: "{"word " * 180_000}"\n'))
    related = "".join(f'  - {{title: "r{n}", webUrl: "https://r.example/{n}"}}\n' for n in range(10_000))
    write("manyrelated.txt", _card("Ten thousand related", extra=f"related:\n{related}"))
    for name, url in {
        "js.txt": "javascript:alert(document.cookie)",
        "file.txt": "file:///etc/passwd",
        "data.txt": "data:text/html,<script>alert(1)</script>",
        "dash.txt": "-https://option.example/",
        "userinfo.txt": "https://www.ft.com@evil.example/",
        "idn.txt": "https://xn--80ak6aa92e.com/",
        "badport.txt": "https://example.com:99999/",
        "custom.txt": "steam://run/12345",
        "spaces.txt": "https://exa mple.com/",
    }.items():
        write(name, _card(f"Link {name}", url=url, heat="60"))
    bom_crlf = _card("BOM and CRLF").replace("\n", "\r\n")
    (folder / "bomcrlf.txt").write_bytes(b"\xef\xbb\xbf" + bom_crlf.encode())

    # Files that must be skipped, with (part of) their reason.
    expected: dict[str, str] = {}

    def bad(name: str, content: str | bytes, reason: str) -> None:
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        expected[name] = reason

    bad("latin1.txt", "---\ntitle: café\n---\n".encode("latin-1"), "not UTF-8")
    bad("binary.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8")
    bad("nofence.txt", "title: no fences\n", "no front matter")
    bad("unclosed.txt", "---\ntitle: never closed\n", "no closing '---'")
    bad("syntax.txt", "---\ntitle: [unclosed\nheat: 5\n---\n", "YAML error")
    bad("list.txt", "---\n- a\n- b\n---\n", "not a mapping")
    bad("python.txt", "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n",
        "unsupported YAML tag")
    bad("notitle.txt", "---\nheat: 99\nwebUrl: https://x.example/\n---\n", "no usable title")
    bad("emptytitle.txt", '---\ntitle: "\\u200b\\u202e"\n---\n', "no usable title")
    bad("deep.txt", "---\ntitle: deep\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---\n", "YAML error")
    bad("deepblock.txt", "---\ntitle: deep\nx:\n" + "".join(" " * i + "k:\n" for i in range(1, 1200))
        + "---\n", "YAML error")
    bad("nul.txt", "---\ntitle: nul\x00byte\n---\n", "character U+0000")
    bad("surrogate.txt", _card("Lone \\ud800 surrogate"), "YAML error")
    bad("toobig.txt", "---\ntitle: big\n---\n" + "x" * (1024 * 1024 + 10), "too big")
    bad("empty.txt", "", "no front matter")
    os.mkfifo(folder / "fifo.txt")
    expected["fifo.txt"] = "FIFO"
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    expected["loop.txt"] = "symbolic link loop"
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist")
    expected["dangling.txt"] = "broken symbolic link"
    (folder / "parent").symlink_to(folder)
    expected["parent"] = "link to a folder"
    return expected
