"""Textual bindings made from the command table (reader/commands.py), one scope at a time."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ..commands import in_scope


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope: ids, keys, footer words and tooltips all from the table."""
    return [
        Binding(command.keys, command.action, command.label, show=command.footer,
                tooltip=command.description, id=command.id, priority=command.priority)
        for command in in_scope(scope)
    ]
