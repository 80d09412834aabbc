"""A stand-in for one served reader, for tests/web/test_guarded_server.py.

It speaks the protocol a Textual app speaks under textual-serve (a `__GANGLION__` line, then
packets: a type byte, a 4-byte length, the payload), writes a file named by its pid to the
folder in argv[1] the moment it starts (so a test can prove that no process started), and
appends every meta packet it receives to that file (so a test sees what size reached it).
With `stubborn` in argv it ignores quit and SIGTERM, as a reader stuck in a huge render did.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

folder, stubborn = Path(sys.argv[1]), "stubborn" in sys.argv[2:]
record = folder / f"{os.getpid()}.json"
record.write_text(json.dumps({"type": "env", "width": os.environ.get("COLUMNS"),
                              "height": os.environ.get("ROWS")}) + "\n")
if stubborn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
out = sys.stdout.buffer
out.write(b"__GANGLION__\n")
out.write(b"D" + (5).to_bytes(4, "big") + b"ready")
out.flush()
stdin = sys.stdin.buffer
while True:
    head = stdin.read(5)
    if len(head) < 5:
        break
    payload = stdin.read(int.from_bytes(head[1:], "big"))
    if head[:1] == b"M":
        with record.open("a") as file:
            file.write(payload.decode() + "\n")
        if json.loads(payload).get("type") == "quit" and not stubborn:
            break
