"""Every command of the reader, declared once: its id, keys, words and where it applies.

Plain data with no Textual in it, so that `newsreader list` and `--print-config` can check a
config's [keys] without loading the UI. The UI turns these rows into bindings
(widgets/bindings.py); help, the footer, the command palette and `[keys]` validation all read
them, and a test holds the README's key table to them. An id is what `[keys]` remaps; ids are
unique across the whole reader, so remapping one command never moves another.
"""

from __future__ import annotations

from dataclasses import dataclass

from .key_names import first_key, key_name, key_text

__all__ = ["BY_ID", "COMMANDS", "SCOPES", "Command", "clashes", "first_key", "ids", "in_scope",
           "key_name", "key_text", "live_keys"]

# What terminals send for shift+1 ... shift+9 on a US layout (and with the kitty protocol).
SHIFTED_DIGITS = ("exclamation_mark", "at", "number_sign", "dollar_sign", "percent_sign",
                  "circumflex_accent", "ampersand", "asterisk", "left_parenthesis")


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can ask for."""

    id: str
    """The binding id: what [keys] in config.toml remaps."""
    action: str
    """The Textual action it runs, on the widget or screen of its scope."""
    keys: str
    """Default keys, comma-separated, in Textual's key names."""
    label: str
    """Short words for the footer."""
    description: str
    """A sentence for help, the palette and the footer's tooltip."""
    scope: str
    """Where it applies: a key of SCOPES."""
    footer: bool = False
    """Shown in the footer."""
    palette: str = ""
    """The name it has in the command palette; '' keeps it out of the palette."""
    priority: bool = False
    """Answered even where a text box has the focus."""


SCOPES = {
    "main": "Reading",
    "list": "Moving (article list, topics, link list)",
    "focus": "Focus",
    "story": "In the story pane",
    "related": "On a related item",
    "topics": "In the sidebar",
    "search": "In the search line",
    "links": "In the link list (l)",
    "app": "Everywhere",
    "problems": "In the list of skipped files (p)",
    "feeds": "In the list of feeds (F)",
    "reading": "In the reading view (Enter on an article)",
    "dialog": "Saving a search (Ctrl+S)",
    "confirm": "Answering a question",
    "help": "In help",
}
"""Each scope and its heading in help, in the order help lists them."""


def _c(id: str, action: str, keys: str, label: str, description: str, scope: str, *,
       footer: bool = False, palette: str = "", priority: bool = False) -> Command:
    return Command(id, action, keys, label, description, scope, footer, palette, priority)


def _reading_commands() -> list[Command]:  # scroll, open or copy the page, its links, back
    return [_c(f"reading_{action}", action, keys, label, description, "reading", footer=footer)
            for action, keys, label, description, footer in (
                ("back", "escape,backspace,q", "Back", "Back to the list, on the same card", True),
                ("down", "j,down", "Down", "Scroll down a line", False),
                ("up", "k,up", "Up", "Scroll up a line", False),
                ("page_down", "space,pagedown", "Page down", "Scroll down a page", False),
                ("page_up", "shift+space,pageup", "Page up", "Scroll up a page", False),
                ("top", "g,home", "Top", "To the top", False),
                ("bottom", "G,end", "Bottom", "To the end", False),
                ("open_page", "o", "Open", "Open the page in the browser", True),
                ("copy_page", "c", "Copy", "Copy the page's URL", True),
                ("page_links", "l", "Links", "The article's links, numbered", True))]


def _link_commands() -> list[Command]:
    return [*(_c(f"link_open_{n}", f"open_link({n - 1})", str(n), f"Open {n}", "Open that link",
                 "links") for n in range(1, 10)),
            *(_c(f"link_copy_{n}", f"copy_link({n - 1})", f"shift+{n},{shifted}", f"Copy {n}",
                 "Copy that link", "links") for n, shifted in enumerate(SHIFTED_DIGITS, 1))]


COMMANDS: tuple[Command, ...] = (
    # Help first: on a narrow terminal the footer keeps what comes first.
    _c("help", "help", "question_mark", "Help", "Show every key", "app", footer=True,
       palette="Help"),
    _c("quit", "quit", "q", "Quit", "Quit the reader", "app", footer=True),
    _c("problems", "problems", "p", "Skipped",
       "List the files that are not cards, and why (in the footer once one is skipped)", "app",
       footer=True, palette="Skipped files"),
    _c("recheck", "recheck", "R", "Re-check",
       "Check the card folders, and fetch the feeds, now", "app",
       palette="Check the folders and fetch the feeds"),
    _c("feeds", "feeds", "F", "Feeds",
       "The feeds subscribed to: status, last fetch, errors; fetch one or remove it", "app",
       palette="Feeds"),
    _c("command_palette", "command_palette", "ctrl+p", "palette",
       "Command palette: every action by name, and themes", "app", priority=True),
    _c("open", "open", "o", "Open",
       "Open the article in the browser (served: a new tab of your browser)",
       "main", footer=True, palette="Open article"),
    _c("copy", "copy", "c", "Copy",
       "Copy the article's URL (served: to your browser's clipboard)", "main", footer=True,
       palette="Copy URL"),
    _c("copy_markdown", "copy_markdown", "C", "Copy link",
       "Copy the card (or the focused related item) as a Markdown link: [title](url)", "main",
       palette="Copy Markdown link"),
    _c("links", "links", "l", "Links", "Every link of the card (or the focused related item)",
       "main", footer=True,
       palette="Links"),
    _c("search", "search", "slash", "Search", "Filter with words and qualifiers", "main",
       footer=True, palette="Search"),
    _c("toggle_read", "toggle_read", "m", "Read", "Mark the card read or unread", "main",
       footer=True, palette="Toggle read"),
    _c("toggle_star", "toggle_star", "f", "Star", "Star or unstar the card", "main",
       footer=True, palette="Toggle star"),
    _c("next_unread", "jump_unread(1)", "n", "Next unread", "Next unread card in this order",
       "main", palette="Next unread"),
    _c("previous_unread", "jump_unread(-1)", "N", "Previous unread",
       "Previous unread card in this order", "main", palette="Previous unread"),
    _c("mark_view_read", "mark_view_read", "M", "All read", "Mark every card of this view read",
       "main", palette="Mark all read"),
    _c("undo", "undo", "u", "Undo",
       "Undo the last change: read, unread, all read, star, unstar, a saved search",
       "main", palette="Undo"),
    _c("redo", "redo", "ctrl+r", "Redo", "Do again the last change undone", "main",
       palette="Redo"),
    _c("toggle_hide_read", "toggle_hide_read", "h", "Hide read", "Hide or show read cards", "main",
       footer=True, palette="Hide read cards"),
    _c("toggle_unpublished", "toggle_unpublished", "P", "Unpublished",
       "Show or hide the cards not published yet", "main",
       palette="Show or hide unpublished cards"),
    _c("toggle_images", "toggle_images", "i", "Pictures",
       "Show or hide the story's lead picture (hidden: none is fetched)", "app",
       palette="Show or hide pictures"),
    _c("sort", "sort", "s", "Sort", "Sort by heat, hot, newest, quality, title, rising", "main",
       footer=True, palette="Next sort order"),
    _c("save_search", "save_search", "ctrl+s", "Save search",
       "Save the current search in the sidebar", "main", palette="Save search"),
    _c("toggle_sidebar", "toggle_sidebar", "b", "Sidebar", "Show or hide the topic sidebar",
       "main", palette="Toggle sidebar"),
    _c("zoom", "zoom", "z", "Zoom",
       "Zoom the list or the story (the one with the focus) to the whole screen, and back",
       "main", palette="Zoom the focused pane"),
    _c("toggle_layout", "toggle_layout", "v", "Layout",
       "Story beside the list, or under it", "main", palette="Story beside or under the list"),
    _c("grow_list", "resize_list(5)", "right_square_bracket", "List bigger",
       "Give the list more room and the story less", "main", palette="Give the list more room"),
    _c("shrink_list", "resize_list(-5)", "left_square_bracket", "List smaller",
       "Give the story more room and the list less", "main", palette="Give the story more room"),
    _c("page_story", "page_story", "space", "Page story",
       "Page down the story without leaving the list", "main"),
    _c("back", "back", "backspace,escape", "Back",
       "Back to where you were before jumping to a related card", "main"),
    _c("focus_next", "app.focus_next", "tab", "Next pane",
       "Next pane: topics, articles, story, related items", "focus"),
    _c("focus_previous", "app.focus_previous", "shift+tab", "Previous pane",
       "Previous pane", "focus"),
    _c("cursor_up", "cursor_up", "up,k", "Up", "Move up", "list"),
    _c("cursor_down", "cursor_down", "down,j", "Down", "Move down", "list"),
    _c("first", "first", "home,g", "First", "First row", "list"),
    _c("last", "last", "end,G", "Last", "Last row", "list"),
    _c("page_up", "page_up", "pageup", "Page up", "A page up", "list"),
    _c("page_down", "page_down", "pagedown", "Page down", "A page down", "list"),
    _c("select", "select", "enter", "Open",
       "Open the article or link; on a topic, show its articles", "list"),
    _c("story_down", "scroll_down", "down,j", "Down", "Scroll the story down a line", "story"),
    _c("story_up", "scroll_up", "up,k", "Up", "Scroll the story up a line", "story"),
    _c("story_page_down", "page_down", "space,pagedown", "Page down", "A page down", "story"),
    _c("story_page_up", "page_up", "shift+space,pageup", "Page up", "A page up", "story"),
    _c("story_top", "scroll_home", "home,g", "Top", "The top of the story", "story"),
    _c("story_end", "scroll_end", "end,G", "End", "The end of the story", "story"),
    _c("related_go", "go", "enter", "Go to related",
       "Show it when it is one of your cards, else open it", "related",
       footer=True),
    _c("related_open", "open", "o", "Open related", "Open it in the browser", "related",
       footer=True),
    _c("related_copy", "copy", "c", "Copy related URL", "Copy its URL", "related",
       footer=True),
    _c("forget_search", "forget", "delete,d", "Delete search",
       "Delete the highlighted saved search (u brings it back)", "topics"),
    _c("edit_search", "edit", "e", "Edit search",
       "Change the query of the highlighted saved search", "topics"),
    _c("rename_search", "rename", "r", "Rename search",
       "Rename the highlighted saved search", "topics"),
    _c("alert_search", "alert", "a", "Alert",
       "Alert (⚑) when new or changed cards match the highlighted saved search, or stop",
       "topics"),
    _c("clear_search", "clear_search", "escape", "Clear search",
       "Clear the search and close the line", "search",
       footer=True),
    _c("search_done", "submit", "enter", "Done", "Back to the list, keeping the search", "search"),
    _c("links_close", "close", "escape,l,q", "Close", "Close the link list", "links",
       footer=True),
    _c("link_open_highlighted", "open_highlighted", "o", "Open",
       "Open the highlighted link", "links", footer=True),
    _c("link_copy_highlighted", "copy_highlighted", "c", "Copy",
       "Copy the highlighted link", "links", footer=True),
    _c("link_yank", "yank", "y", "Copy #…", "Then a number: copy that link", "links",
       footer=True),
    *_link_commands(),
    _c("problems_close", "close", "escape,q,p", "Close", "Close the list", "problems",
       footer=True),
    _c("problems_copy", "copy_path", "c", "Copy path", "Copy the highlighted file's path",
       "problems", footer=True),
    _c("feeds_close", "close", "escape,q,F", "Close", "Close the list of feeds", "feeds",
       footer=True),
    _c("feeds_fetch_one", "fetch_one", "r", "Fetch", "Fetch the highlighted feed now", "feeds",
       footer=True),
    _c("feeds_remove", "remove", "d,delete", "Remove",
       "Unsubscribe from the highlighted feed (after asking; its cards go with it)", "feeds",
       footer=True),
    *_reading_commands(),
    _c("dialog_close", "close", "escape", "Cancel", "Close without saving", "dialog",
       footer=True),
    _c("confirm_yes", "yes", "y,enter", "Yes", "Answer yes", "confirm", footer=True),
    _c("confirm_no", "no", "n,escape", "No", "Answer no", "confirm", footer=True),
    _c("help_close", "close", "escape,q,question_mark", "Close", "Close help", "help",
       footer=True),
)

BY_ID = {command.id: command for command in COMMANDS}


def ids() -> tuple[str, ...]:
    """Every id that [keys] accepts."""
    return tuple(BY_ID)


def in_scope(scope: str) -> list[Command]:
    """The commands of one scope, in table order."""
    return [command for command in COMMANDS if command.scope == scope]


SCREENS = (
    {"app", "main", "focus", "list", "topics", "related", "story", "search"},
    {"app", "links", "list"},
    {"app", "problems", "list"},
    {"app", "feeds", "list"},
    {"app", "reading"},
    {"app", "dialog"},
    {"app", "confirm"},
    {"app", "help"},
)
"""The scopes whose keys are live together, one set per screen."""
WIDGETS = {"list", "topics", "related", "story", "search"}
"""Scopes of one focused widget: two of them never have the focus at once."""


def _together(one: str, other: str) -> bool:
    """True when keys of these two scopes can be pressed on the same screen at the same time."""
    if one in WIDGETS and other in WIDGETS and one != other:
        return False
    return any(one in scopes and other in scopes for scopes in SCREENS)


def clashes(keymap: dict[str, str]) -> dict[str, str]:
    """The remaps to refuse, and why: those whose every key another command answers to where
    both are live (toggle_star = "j" would leave starring with no key in the list, where j moves
    down). `open = "enter,o"` is fine: o still opens. A refused command keeps its own keys; of
    two remaps to one key, the later one in [keys] is refused."""
    refused: dict[str, str] = {}
    order = list(keymap)
    for command in COMMANDS:
        if command.id not in keymap:
            continue
        mine = [key.strip() for key in keymap[command.id].split(",")]
        clash: dict[str, str] = {}
        for other in COMMANDS:
            if other.id == command.id or other.id in refused or other.action == command.action \
                    or not _together(command.scope, other.scope):
                continue
            if other.id in keymap and order.index(other.id) > order.index(command.id):
                continue  # the later remap is the one refused
            for key in mine:
                if key in {k.strip() for k in live_keys(other, keymap).split(",")}:
                    clash.setdefault(key, other.id)
        if mine and all(key in clash for key in mine):
            key = mine[0]
            refused[command.id] = (f"{command.id} = {keymap[command.id]!r} clashes with "
                                   f"{clash[key]}, which already answers to {key!r}")
    return refused


def live_keys(command: Command, keymap: dict[str, str]) -> str:
    """The keys a command answers to after the config's [keys]."""
    return keymap.get(command.id, command.keys)
