"""What the file system says, in words a person understands."""

from __future__ import annotations

import errno
import stat


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
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "no such file or folder",
        errno.ELOOP: "symbolic link loop",
        errno.ENAMETOOLONG: "file name too long",
        errno.EISDIR: "is a folder",
    }
    return reasons.get(error.errno or 0, f"cannot be read ({error.strerror or error})")
