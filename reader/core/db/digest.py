"""A digest of a folder's files (paths, sizes, mtimes, identities in scan order): a scan whose
files give the digest the index stored finds the index exactly as written, without a list of
every file."""

from __future__ import annotations

import hashlib
from array import array

from ..scan import FileRef


class FileDigest:
    """A scan's files as digest() takes them, one at a time: the digest without a list of
    every file (scan.Files), in a few MB whatever the count."""

    BLOCK = 65_536
    """Numbers kept before they are hashed."""

    def __init__(self) -> None:
        self._paths = hashlib.blake2b(digest_size=16)
        self._numbers = tuple(hashlib.blake2b(digest_size=16) for _ in range(3))
        self._blocks: tuple[array[int], array[int], array[int]] = (
            array("q"), array("q"), array("q"))
        self.count = 0
        self.latest = -1
        """The newest mtime found (ns): a file changed after the index was written."""

    def append(self, ref: FileRef, /) -> None:
        if self.count:
            self._paths.update(b"\0")
        self._paths.update(ref.path.encode("utf-8", "surrogateescape"))
        sizes, mtimes, identities = self._blocks
        try:
            sizes.append(ref.size)
            mtimes.append(ref.mtime_ns)
            identities.append(ref.identity)
        except OverflowError:  # a date past 2262, say: its number wraps, as in C
            del sizes[len(identities):], mtimes[len(identities):]
            sizes.append(_word(ref.size))
            mtimes.append(_word(ref.mtime_ns))
            identities.append(_word(ref.identity))
        self.count += 1
        self.latest = max(self.latest, ref.mtime_ns)
        if len(sizes) >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        for block, hashed in zip(self._blocks, self._numbers, strict=True):
            hashed.update(block.tobytes())
            del block[:]

    def __len__(self) -> int:
        return self.count

    def digest(self) -> bytes:
        self._flush()
        whole = hashlib.blake2b(digest_size=16)
        whole.update(self.count.to_bytes(8, "little"))
        for hashed in (self._paths, *self._numbers):
            whole.update(hashed.digest())
        return whole.digest()


def _word(number: int) -> int:
    """The number as a signed 64-bit word (wrapped)."""
    return (number + 2**63) % 2**64 - 2**63
