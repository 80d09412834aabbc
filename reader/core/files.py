"""What the file system says, in words a person understands."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def os_reason(error: OSError) -> str:
    """A short sentence for an OSError met while reading a path."""
    if isinstance(error, NotRegularFile):
        return str(error)
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "no such file or folder",
        errno.ELOOP: "symbolic link loop",
        errno.ENAMETOOLONG: "file name too long",
        errno.EISDIR: "is a folder",
    }
    return reasons.get(error.errno or 0, f"cannot be read ({error.strerror or error})")


class NotRegularFile(OSError):
    """A path that must be a regular file of bounded size is not (a FIFO, a device, too big)."""


def open_regular(path: str | os.PathLike[str], limit: int | None = None) -> BinaryIO:
    """Open a regular file for reading without ever blocking; at most `limit` bytes.

    O_NONBLOCK: a FIFO put where a file was expected must not wait for a writer. A FIFO, a
    device or a folder raises NotRegularFile saying what it is, as does a file over `limit`
    (/dev/zero would otherwise be read until memory runs out)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"not a regular file ({file_kind(info.st_mode)})")
        if limit is not None and info.st_size > limit:
            raise NotRegularFile(f"too big: {_size(info.st_size)}, the limit is {_size(limit)}")
        return os.fdopen(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see open_regular)."""
    with open_regular(path, limit) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotRegularFile(f"too big: more than {_size(limit)}, the limit is {_size(limit)}")
    return data


def _size(count: int) -> str:
    """1048576 -> '1 MiB', 1572864 -> '1.5 MiB', 2048 -> '2 KiB'."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def write_atomically(path: Path, data: bytes, *, prefix: str = "") -> None:
    """Write the file whole or not at all: a temporary file beside it (`prefix`: a dot keeps
    it out of a scan of the folder), then renamed over it. OSError when it cannot be."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
