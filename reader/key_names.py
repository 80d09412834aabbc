"""How keys are written for people: 'question_mark' is '?', 'ctrl+s' is 'Ctrl+S' (help, the
footer's palette hint and the command palette all say keys this way)."""

from __future__ import annotations

KEY_NAMES = {
    "question_mark": "?", "pageup": "PgUp", "pagedown": "PgDn", "shift+tab": "Shift+Tab",
    "enter": "Enter", "escape": "Esc", "tab": "Tab", "up": "↑", "down": "↓", "home": "Home",
    "end": "End", "slash": "/", "backspace": "Backspace", "delete": "Delete",
    "exclamation_mark": "!", "at": "@", "number_sign": "#", "dollar_sign": "$",
    "percent_sign": "%", "circumflex_accent": "^", "ampersand": "&", "asterisk": "*",
    "left_parenthesis": "(", "space": "Space", "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_name(key: str) -> str:
    """How a key is written for people: 'question_mark' → '?', 'ctrl+s' → 'Ctrl+S'."""
    key = key.strip()
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if "+" in key and len(key) > 1:
        *mods, last = key.split("+")
        return "+".join([*(mod.capitalize() for mod in mods), key_name(last).upper()
                         if len(last) == 1 else key_name(last).capitalize()])
    return key


def key_text(keys: str) -> str:
    """'up,k' → '↑ k': every key of a binding, for people."""
    return " ".join(key_name(key) for key in keys.split(",") if key.strip())


def first_key(keys: str) -> str:
    """The first key of a binding, for people (the palette names one)."""
    return key_name(keys.split(",")[0])
