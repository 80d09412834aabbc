"""The reader's model without any UI: views, marks and undo, stars, saved searches, two readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.card import Entry
from reader.core.folding import fold
from reader.core.query import parse
from reader.core.session import Session
from reader.core.state import SavedSearch, State
from reader.core.views import ALL, STARRED, Source, ViewSpec, topic
from tests.conftest import frozen_clock
from tests.oracle import show


def card(title: str, heat: int, topics: tuple[str, ...] = ("World",), url: str = "") -> Entry:
    story = url or f"https://news.example/{title.lower().replace(' ', '-')}"
    return Entry(path=f"/cards/{title}.txt", title=title, url=story, heat=heat, quality=50,
                 when=1.6e9, provider="Example", domain="news.example", topics=topics,
                 public=True, video=False,
                 search=fold(f"{title} \n {' '.join(topics)}").encode(), story=story)


FOUR = [card("Police body cameras", 90, ("AI",)), card("Facial recognition", 70, ("AI",)),
        card("Chip exports", 40, ("AI", "Trade")), card("Police budget vote", 20, ("Politics",))]


def session_on(path: Path, entries: list[Entry] = FOUR) -> Session:
    state, warning = State.open(path)
    assert warning is None
    session = Session(state, clock=frozen_clock)
    show(session, entries, path.parent)
    return session


def titles(session: Session, spec: ViewSpec) -> list[str]:
    return [session.library[i].title for i in session.views.view(spec)]


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return session_on(tmp_path / "state.sqlite3")


def test_sources_sorts_and_hidden_read_cards(session: Session) -> None:
    assert titles(session, ViewSpec()) == [e.title for e in FOUR]
    assert titles(session, ViewSpec(topic("ai"), sort="title")) == [
        "Chip exports", "Facial recognition", "Police body cameras"]
    session.mark([FOUR[0]], True)
    assert titles(session, ViewSpec(hide_read=True)) == [e.title for e in FOUR[1:]]
    assert session.toggle_star(FOUR[2]) is None
    assert titles(session, ViewSpec(STARRED)) == ["Chip exports"]


def test_a_saved_search_is_a_source_and_a_bad_one_is_said(session: Session) -> None:
    assert titles(session, ViewSpec(Source("search", "cops", "police"))) == [
        "Police body cameras", "Police budget vote"]
    assert session.views.warning is None
    titles(session, ViewSpec(Source("search", "broken", "heat>")))
    assert session.views.warning is not None and "broken" in session.views.warning


def test_typing_narrows_and_gives_what_a_full_search_gives(session: Session) -> None:
    views, marks = session.views, session.marks
    for text in ["p", "po", "police", "police -budget", "police -budget topic:ai"]:
        narrowed = views.view(ViewSpec(query=parse(text, marks)))
        views.marks_changed()  # forget the last result: a full search
        assert narrowed == views.view(ViewSpec(query=parse(text, marks))), text


def test_next_unread_walks_both_ways(session: Session) -> None:
    view = session.views.view(ViewSpec())
    session.mark([FOUR[1], FOUR[2]], True)
    assert session.views.next_unread(view, 0, 1) == 3
    assert session.views.next_unread(view, 3, -1) == 0
    assert session.views.next_unread(view, 3, 1) is None


def test_mark_and_undo(session: Session) -> None:
    assert session.mark(FOUR, True) == (4, None)
    assert session.mark(FOUR, True) == (0, None)  # nothing changed: nothing to undo
    session.mark([FOUR[0]], False)
    assert session.undo() == ("Undone: 1 card(s) marked unread.", None)
    assert session.is_read(FOUR[0])
    assert session.undo() == ("Undone: 4 card(s) marked read.", None)
    assert not any(session.is_read(e) for e in FOUR)
    assert session.undo() == ("Nothing to undo.", None)
    assert session.redo() == ("Redone: 4 card(s) marked read.", None)
    assert all(session.is_read(e) for e in FOUR)


def test_undo_and_redo_cover_stars_and_saved_searches(session: Session) -> None:
    session.toggle_star(FOUR[0])
    session.toggle_star(FOUR[0])  # unstarred by accident
    assert session.undo()[0] == "Undone: unstarred “Police body cameras”."
    assert session.is_starred(FOUR[0])
    assert session.save_search("cops", "police", "AI") is None
    assert session.forget_search("cops") is None
    assert session.saved("cops") is None
    assert session.undo()[0] == "Undone: deleted the saved search 'cops'."
    assert session.saved("cops") == SavedSearch("cops", "police", "AI")  # query, topic back
    assert session.save_search("police", "police", "AI", renamed_from="cops") is None
    assert [s.name for s in session.state.searches()] == ["police"]
    session.undo()
    assert [s.name for s in session.state.searches()] == ["cops"]
    session.redo()
    assert [s.name for s in session.state.searches()] == ["police"]
    session.mark([FOUR[1]], True)  # a new change: what was undone can no longer be redone
    session.undo()
    assert session.redo()[0] == "Redone: 1 card(s) marked read."
    assert session.redo()[0] == "Nothing to redo."


def test_a_query_that_cannot_be_read_is_not_saved(session: Session) -> None:
    assert session.save_search("broken", '"unclosed') == (
        'Not saved: a quote is not closed: add the closing ".')
    assert session.state.searches() == []


def test_sidebar_counts(session: Session) -> None:
    session.mark([FOUR[0]], True)
    assert session.save_search("cops", "police") is None
    assert session.save_search("ai cops", "police", "AI") is None
    rows = {source.label: (unread, total) for source, unread, total in session.sidebar()}
    # saved searches count unread/total as topics do (issue 27: only the total showed)
    assert rows["All"] == (3, 4) and rows["AI"] == (2, 3) and rows["⌕ cops"] == (1, 2)
    assert rows["⌕ ai cops"] == (0, 1)  # the topic it was saved in counts
    session.mark([FOUR[3]], True)
    rows = {source.label: (unread, total) for source, unread, total in session.sidebar()}
    assert rows["⌕ cops"] == (0, 2)
    assert session.forget_search("cops") is None
    assert "⌕ cops" not in {source.label for source, _, _ in session.sidebar()}


def test_a_change_that_cannot_be_kept_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    session_on(path).state.close()
    state, _ = State.open(path, create=False)  # read-only
    session = Session(state, clock=frozen_clock)
    show(session, FOUR, tmp_path)
    count, error = session.mark([FOUR[0]], True)
    assert count == 1 and error is not None and error.startswith("Not kept: ")
    assert (session.toggle_star(FOUR[0]) or "").startswith("Not kept: ")
    assert (session.save_search("x", "y") or "").startswith("Not kept: ")


def test_copies_and_known_related_items(tmp_path: Path) -> None:
    twin = card("Police body cameras again", 10, url=FOUR[0].url)
    session = session_on(tmp_path / "state.sqlite3", [*FOUR, twin])
    assert session.library.stories == 4
    assert session.copies(FOUR[0]) == [twin]
    assert session.known(FOUR[1].url + "#comments") == FOUR[1].story
    assert session.known("https://elsewhere.example/") is None


def test_two_readers_see_each_other_and_undo_only_their_own(tmp_path: Path) -> None:
    # M then u in one reader reverted the read marks the other made in between (issue 17.13).
    path = tmp_path / "state.sqlite3"
    first, second = session_on(path), session_on(path)
    second.mark([FOUR[1]], True)  # the other reader reads one card
    assert first.refresh() and first.is_read(FOUR[1])  # and this one sees it
    assert first.mark(FOUR, True) == (3, None)  # M: the three that were unread
    second.mark([FOUR[3]], False)  # the other reader marks one unread again
    assert first.undo() == (  # u: only what this reader changed and nobody touched since
        "Undone: 3 card(s) marked read (1 left as another reader set it).", None)
    again = session_on(path)
    assert [again.is_read(e) for e in FOUR] == [False, True, False, False]


def test_the_view_sees_marks_from_another_reader(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first, second = session_on(path), session_on(path)
    assert len(first.views.view(ViewSpec(hide_read=True))) == 4
    second.mark([FOUR[0]], True)
    assert first.refresh() and not first.refresh()  # once: nothing new the second time
    assert len(first.views.view(ViewSpec(ALL, hide_read=True))) == 3


def test_new_since_the_last_session_and_heat_moves_since_last_seen(tmp_path: Path) -> None:
    from datetime import timedelta

    from reader.core.query import parse as parse_query
    from reader.core.views import NEW

    path = tmp_path / "state.sqlite3"
    later = frozen_clock() + timedelta(hours=5)

    def open_session(clock_at: object, entries: list[Entry]) -> Session:
        state, _ = State.open(path)
        session = Session(state, clock=lambda: clock_at)  # type: ignore[arg-type, return-value]
        show(session, entries, tmp_path)
        session.note_arrivals(at_start=True)
        return session

    first = open_session(frozen_clock(), FOUR)
    assert first.new == set() and NEW not in [row[0] for row in first.sidebar()]
    first.saw(FOUR[2])  # looked at with heat 40
    first.state.close()
    hotter = FOUR[2]._replace(heat=55)
    arrival = card("Breaking story", 99)
    second = open_session(later, [FOUR[0], FOUR[1], hotter, FOUR[3], arrival])
    assert second.new == {arrival.story}  # arrived since the last session; the rest did not
    rows = {row[0].label: row[2] for row in second.sidebar()}
    assert rows["✦ New"] == 1
    assert titles(second, ViewSpec(NEW)) == ["Breaking story"]
    query = parse_query("is:new", second.marks)
    assert titles(second, ViewSpec(query=query)) == ["Breaking story"]
    assert second.heat_move(hotter) == 15 and second.heat_move(FOUR[0]) is None  # as it came
    assert second.heat_move(FOUR[1]._replace(heat=60)) == -10  # never read: since it came
    second.saw(hotter)
    assert second.heat_move(hotter) is None


def test_a_session_quit_before_its_first_load_ended_does_not_count(tmp_path: Path) -> None:
    # A million cards take half a minute to load; quitting before that must not make every
    # story "new" the next time (the sessions that count are those that saw the library).
    from datetime import timedelta

    path = tmp_path / "state.sqlite3"

    def session_at(hours: int, *, loaded: bool) -> Session:
        state, _ = State.open(path)
        session = Session(state, clock=lambda: frozen_clock() + timedelta(hours=hours))
        if loaded:
            show(session, FOUR, tmp_path)
            session.note_arrivals(at_start=True)
        return session

    session_at(0, loaded=False).state.close()  # the first run, quit while cards were read
    second = session_at(5, loaded=True)
    assert second.new == set()  # the first run that saw the library marks nothing new
    second.state.close()
    third = session_at(9, loaded=True)
    assert third.new == set()
    third.state.close()


def test_rising_counts_from_the_session_start_or_from_a_stories_arrival(tmp_path: Path) -> None:
    state, _ = State.open(tmp_path / "state.sqlite3")
    session = Session(state, clock=frozen_clock)
    show(session, FOUR, tmp_path)
    session.note_arrivals(at_start=True)
    session.saw(FOUR[0]._replace(heat=5))  # read at another heat: rising keeps its baseline
    arrival = card("Breaking story", 30)
    climber = FOUR[3]._replace(heat=(FOUR[3].heat or 0) + 50)
    show(session, [FOUR[0], FOUR[1], FOUR[2], climber, arrival], tmp_path, reset=True)
    session.note_arrivals()  # a re-check: the breaking story arrived now, at heat 30
    assert session.library.baseline[arrival.story] == 30
    assert session.library.baseline[FOUR[0].story] == FOUR[0].heat
    assert titles(session, ViewSpec(sort="rising"))[0] == climber.title
    state.close()


def test_a_heat_asked_before_the_loader_noted_a_first_folder_is_asked_again(
        tmp_path: Path) -> None:
    """A row drawn while the first load notes a first folder's stories in SQL (not listed
    back): the heat it found unknown is asked again, so ▲/▼ compare with it."""
    state, _ = State.open(tmp_path / "state.sqlite3")
    session = Session(state, clock=frozen_clock)
    show(session, FOUR, tmp_path)
    story = FOUR[0].story
    assert session.seen_heat.get(story) is None  # drawn before the loader noted it
    state.note_arrivals({story: 10.0}, 0.0)  # what record_arrivals wrote, listing nothing
    session.note_arrivals(at_start=True, recorded={})
    assert session.seen_heat.get(story) == 10.0
    state.close()
