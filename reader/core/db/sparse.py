"""Columns of a few cards whose numbers run high: the first rows of a view, in a database of a
million cards. A value per card number, held for those cards only.

A card's number is its row id, so the reader's columns are arrays indexed by it. For a whole
library that is the compact choice (a few bytes a card). For the 200 first rows the reader
shows while the rest is read, arrays as long as the highest number took 37 MB at a million
cards, and the sort keys worked out from them 24 MB more, for nothing.
"""

from __future__ import annotations

from array import array
from typing import Any, Protocol, TypeVar

T = TypeVar("T", int, float)

FEW_OF_ALL = 8
"""A library of fewer than one in this many of the numbers up to its highest (the first rows
of a view) keeps its columns sparse, and sorts them rather than read every row of the
database through its order."""


class Column(Protocol[T]):
    """A value per card number: an array (a whole library) or Sparse (a few cards)."""

    def __getitem__(self, number: int, /) -> T: ...

    def __setitem__(self, number: int, value: T, /) -> None: ...

    def __len__(self) -> int: ...


def few(held: int, size: int) -> bool:
    """True when `held` cards among the numbers below `size` are few enough to keep sparse."""
    return held * FEW_OF_ALL < size


class Sparse(dict[int, T]):
    """A column of `size` numbers holding a value for the few cards set, `missing` for every
    other number. It takes what the array of the same type code takes, and refuses the same
    (TypeError, OverflowError, IndexError): a row of the wrong type is damage either way."""

    __slots__ = ("_code", "missing", "size")

    def __init__(self, code: str, missing: T, size: int) -> None:
        super().__init__()
        self._code = code
        self.missing: T = missing
        self.size = size

    def __missing__(self, number: int) -> T:
        return self.missing

    def __setitem__(self, number: int, value: T, /) -> None:
        if not 0 <= number < self.size:
            raise IndexError("column index out of range")
        checked: Any = array(self._code, (value,))[0]
        super().__setitem__(number, checked)

    def __len__(self) -> int:
        return self.size


def column(code: str, missing: T, size: int, *, sparse: bool) -> Column[T]:
    """`size` numbers, each `missing`: an array of that type code, or Sparse."""
    if sparse:
        return Sparse(code, missing, size)
    dense: array[Any] = array(code, (missing,)) * size
    return dense


def extended(values: Column[T], missing: T, more: int) -> Column[T]:
    """A copy of a whole library's column with `more` numbers after it, each `missing`."""
    assert isinstance(values, array), "only a whole library's columns grow"
    tail: array[Any] = array(values.typecode, (missing,)) * more
    return values + tail
