"""The commands that ask the cards' index: `list`, `check` and `status`. Each takes one path
(core/indexing.py): the index as it is when a scan proves it current, else after a load that
brings it up to date, then asks it by SQL."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import TypeVar

from .cli import EXIT_OK, EXIT_PROBLEMS, CommandError, UsageError, _config, _paths
from .core.card import Entry
from .core.dates import utc_now
from .core.db import SQL_SORTS, UNREADABLE, Columns, Damaged, Library, discard, index_file, top
from .core.indexing import Index, NoIndex, open_index
from .core.query import Marks, Query, QueryError, parse
from .core.sanitize import printable_path
from .core.sorts import SORT_NAMES
from .core.state import State
from .core.view_settings import ViewSettings
from .core.views import Views, ViewSpec, topic
from .listing import entry_json, entry_line
from .progress import Progress

_Answer = TypeVar("_Answer")


def _say_skipped(count: int) -> None:
    if count:
        print(f"newsreader: skipped {count} file(s) that are not cards; "
              "'newsreader check' names them", file=sys.stderr)


def _asked(args: argparse.Namespace, answer: Callable[[Index], _Answer], *,
           scan: bool = True) -> _Answer:
    """answer(index) of the paths' index as it is now (core/indexing.py: a load first when a
    scan finds a change). A hand-edited index is named, removed and built again, as the
    reader does; one that cannot be read now (locked, I/O) is read into a temporary one, so
    the command still answers."""
    paths, warnings = _paths(args.paths)
    _say(warnings)
    temporary = args.no_cache
    for _attempt in range(3):
        progress = Progress()  # on a terminal, a long load says how far it is
        try:
            index = open_index(paths, temporary=temporary, scan=scan, on_progress=progress)
        except NoIndex as error:
            raise CommandError(f"the cards cannot be read: {printable_path(str(error))}") from None
        except UNREADABLE as error:
            temporary = _unreadable(error, temporary)
            continue
        finally:
            progress.end()
        try:
            for note in index.notes:
                print(f"newsreader: {printable_path(note)}", file=sys.stderr)
            return answer(index)
        except UNREADABLE as error:
            temporary = _unreadable(error, temporary)
        finally:
            index.close()
    raise CommandError("the index of these cards cannot be read, even built again")


def _unreadable(error: Exception, temporary: bool) -> bool:
    """What to do about an index that could not answer: whether to read the cards into a
    temporary one next (a hand-edited cache index is named and removed: built again)."""
    if temporary or not isinstance(error, Damaged):
        return True
    print(f"newsreader: the index {printable_path(str(index_file()))} is damaged ({error}); "
          "rebuilding it", file=sys.stderr)
    discard()
    return False


def cmd_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    query, marks = _query(args.query) if args.query else (None, Marks())
    sort = SORT_NAMES[args.sort] if args.sort else _reader_sort()
    baseline = _seen_heats() if sort == "rising" else {}

    def answer(index: Index) -> tuple[list[Entry], int] | None:
        store = index.store
        if args.topic and not store.has_topic(args.topic) \
                and not _has_topic(store.topic_names(args.include_unpublished), args.topic):
            return None
        if args.limit is not None and sort in SQL_SORTS:  # the first rows alone, by SQL
            if query is not None:
                store.set_marks(marks)
            return top(store, args.limit, sort=sort, topic=args.topic, query=query,
                       include_unpublished=args.include_unpublished, all_copies=args.all,
                       now=utc_now().timestamp()), len(index.problems)
        store.db.execute("BEGIN")  # the snapshot the library reads its rows from
        library = Library(Columns.of(store), include_unpublished=args.include_unpublished,
                                 all_copies=args.all)
        library.now = utc_now().timestamp()
        library.baseline = baseline
        view = Views(library, marks, utc_now).top(ViewSpec(topic(args.topic), sort, query=query),
                                                  args.limit)
        entries = [library[number] for number in view]
        if library.damage is not None:
            raise Damaged(library.damage)
        return entries, len(index.problems)

    answered = _asked(args, answer)
    if answered is None:
        return EXIT_PROBLEMS
    entries, skipped = answered
    if args.json:
        json.dump([entry_json(entry) for entry in entries], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        for entry in entries:
            sys.stdout.write(entry_line(entry) + "\n")
    _say_skipped(skipped)
    return EXIT_OK


def _say(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"newsreader: {warning}", file=sys.stderr)


def _has_topic(names: list[str], wanted: str) -> bool:
    """True when some card has the topic; else says so, naming the closest topics."""
    if wanted.casefold() in {name.casefold() for name in names}:
        return True
    folded = {name.casefold(): name for name in names}
    close = [folded[name] for name in get_close_matches(wanted.casefold(), folded, n=3,
                                                        cutoff=0.5)]
    hint = ("; the closest: " + ", ".join(close)) if close else (
        "; the topics are: " + ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
        if names else "; these cards have no topics")
    print(f"newsreader: no card has the topic {printable_path(wanted)!r}{hint}",
          file=sys.stderr)
    return False


def _reader_sort() -> str:
    """The sort the reader shows: the one last chosen with s, else the config's."""
    state, _ = State.open(create=False)
    try:
        return ViewSettings.load(state, sort=_config().sort).sort
    finally:
        state.close()


def _seen_heats() -> dict[str, float]:
    """Each story's heat when the reader last showed it (the state's, only ever read): what
    the rising sort measures the gain from."""
    state, _ = State.open(create=False)
    try:
        return {story: heat for story, heat in state.seen().items() if heat is not None}
    finally:
        state.close()


def _query(text: str) -> tuple[Query, Marks]:
    """The --query search as the reader reads it, with the marks from the state file (only ever
    read: never created nor written)."""
    state, warning = State.open(create=False)
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    marks = Marks(frozenset(state.read), frozenset(state.starred))
    state.close()
    try:
        return parse(text, marks, utc_now()), marks
    except QueryError as error:
        raise UsageError(f"--query: {error}") from None


def cmd_check(args: argparse.Namespace) -> int:
    cards, problems = _asked(args, lambda index: (index.store.cards(), index.problems))
    if args.json:
        listed = [{"path": printable_path(p.path), "reason": p.reason} for p in problems]
        json.dump({"cards": cards, "problems": listed}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(f"{printable_path(problem.path)}: {problem.reason}")
        print(f"{cards} card(s) read, {len(problems)} file(s) skipped")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from . import status  # the counts, only for this command

    state, warning = State.open(create=False)
    if warning:
        print(f"newsreader: {warning}", file=sys.stderr)
    try:
        result = _asked(args, lambda index: status.counted(
            index.store, state, include_unpublished=args.include_unpublished), scan=False)
    finally:
        state.close()
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(status.lines(result)) + "\n")
    return EXIT_OK
