"""How the user last left the reader: sort, hide-read, layout, split and sidebar.

Kept in the state's settings, so they come back on the next start. config.toml gives the
starting sort and hide-read; a choice made in the reader (s, h) is kept and wins from then on.
What the state holds is checked: a value that is not one of these is ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .sorts import SORTS
from .state import State

LAYOUTS = ("auto", "side", "stacked")
"""auto picks by the terminal's size; side puts the story beside the list, stacked under it."""
SPLIT_DEFAULTS = {"side": 66, "stacked": 70}
"""The list's share of the room (percent of the width beside, of the height stacked)."""
SPLIT_RANGE = (20, 85)
WIDE = 100
"""Columns from which auto puts the story beside the list (below: under it)."""
SIDEBAR_WIDE = 150
"""Columns from which the sidebar shows unless the user hid it."""


def auto_layout(width: int) -> str:
    """The layout auto picks at this many columns."""
    return "side" if width >= WIDE else "stacked"


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """Everything about how the list and the story are shown, as the user left it."""

    sort: str = "heat"
    hide_read: bool = False
    layout: str = "auto"
    splits: dict[str, int] = field(default_factory=lambda: dict(SPLIT_DEFAULTS))
    sidebar: bool | None = None
    """True or False when the user chose (b); None: by the width (SIDEBAR_WIDE)."""

    def shown_layout(self, width: int) -> str:
        """side or stacked, at this many columns."""
        return auto_layout(width) if self.layout == "auto" else self.layout

    def split(self, layout: str) -> int:
        return self.splits.get(layout, SPLIT_DEFAULTS[layout])

    def sidebar_shown(self, width: int) -> bool:
        return width >= SIDEBAR_WIDE if self.sidebar is None else self.sidebar

    def resized(self, layout: str, step: int) -> ViewSettings:
        """The list's share of this layout moved by step percent, within SPLIT_RANGE."""
        low, high = SPLIT_RANGE
        splits = {**self.splits, layout: max(low, min(high, self.split(layout) + step))}
        return replace(self, splits=splits)

    # --- the state --------------------------------------------------------------------------

    @classmethod
    def load(cls, state: State, *, sort: str = "heat", hide_read: bool = False) -> ViewSettings:
        """The settings the state keeps, over these defaults (from config.toml)."""
        saved = state.setting
        splits = dict(SPLIT_DEFAULTS)
        for layout in splits:
            value = saved(f"view.split.{layout}") or ""
            if value.isdigit() and SPLIT_RANGE[0] <= int(value) <= SPLIT_RANGE[1]:
                splits[layout] = int(value)
        kept_sort, kept_layout = saved("view.sort") or "", saved("view.layout") or ""
        return cls(
            sort=kept_sort if kept_sort in SORTS else sort,
            hide_read=bool(_flag(saved("view.hide_read"), hide_read)),
            layout=kept_layout if kept_layout in LAYOUTS else "auto",
            splits=splits,
            sidebar=_flag(saved("view.sidebar"), None),
        )

    def save(self, state: State) -> None:
        """Keep every setting (raises StateError when the state cannot be written)."""
        rows = {"view.sort": self.sort, "view.hide_read": _text(self.hide_read),
                "view.layout": self.layout, "view.sidebar": _text(self.sidebar)}
        rows |= {f"view.split.{layout}": str(split) for layout, split in self.splits.items()}
        for name, value in rows.items():
            if state.setting(name) != value:
                state.set_setting(name, value)


def _flag(value: str | None, default: bool | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "", default)


def _text(value: bool | None) -> str:
    return "auto" if value is None else str(value).lower()
