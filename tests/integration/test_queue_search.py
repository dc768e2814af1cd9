"""The queue's two-step text search (a walk of the queue in its order, then the trigram
indexes) finds exactly what the one-step search found: the same groups, order, pages,
counts and cursors, for frequent, rare, absent and hostile terms, in quotes and comments."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, or_
from sqlmodel import col, select

from factcheck.domain.lifecycle import ALL, GroupStatus
from factcheck.models import Group, Report, utcnow
from factcheck.services import articles, triage
from tests.builders import an_article

SEEN = datetime(2026, 1, 1, tzinfo=UTC)
LONG = "x" * 10_000
# (quote, comments of its reports): most groups quote "Maloney", a few say odd things.
QUOTES = [
    ("Georgia Maloney", ("wrong name", "Maloney is Meloni")),
    ("Georgia Maloney", ("100% sure",)),
    ("Rome", ("snake_case here",)),
    ("Georgia Maloney", (r"C:\path\to", 'it\'s "quoted"')),
    ("Brussels", ("emoji 😀 here", "RTL מילה عربي")),
    ("Georgia Maloney", ()),
    ("Monday", (LONG,)),
]
# A frequent term, one in the comments only, a rare one, none, and hostile ones.
TERMS = [
    "maloney",
    "Maloney",
    "meloni",
    "brussels",
    "nothing like this",
    "%",
    "_",
    "100%",
    "snake_case",
    "e_c",
    "\\",
    r"C:\path",
    "'",
    '"quoted"',
    "😀",
    "מילה",
    "عربي",
    LONG,
    "x" * 10_001,
    "  maloney  ",
]


@pytest.fixture
def queue(session):
    """40 groups in one article: ties in impact (three groups a rank), open, snoozed (due
    and not), fixed and rejected ones, each with its reports' comments."""
    an_article(session, "story")
    article = articles.get_article(session, "story")
    statuses = [GroupStatus.OPEN] * 5 + [GroupStatus.SNOOZED, GroupStatus.FIXED]
    statuses += [GroupStatus.REJECTED]
    for index in range(40):
        quote, comments = QUOTES[index % len(QUOTES)]
        status = statuses[index % len(statuses)]
        snoozed = status == GroupStatus.SNOOZED
        group = Group(
            article_id=article.id or 0,
            status=status,
            kind="name" if index % 3 else "typo",
            revision=1,
            start=0,
            end=len(quote),
            quote=quote,
            report_count=index // 3 + 1,
            reporter_count=index // 3 + 1,
            first_seen=SEEN + timedelta(hours=index % 5),
            last_seen=SEEN,
            snooze_until=(utcnow() + timedelta(days=1 if index % 2 else -1)) if snoozed else None,
        )
        session.add(group)
        session.flush()
        for number, comment in enumerate(comments):
            session.add(
                Report(
                    token=uuid.uuid4().hex,
                    article_id=article.id or 0,
                    group_id=group.id,
                    seen_revision=1,
                    seen_start=0,
                    seen_end=len(quote),
                    quote=quote,
                    suggestion="Giorgia Meloni",
                    comment=comment,
                    kind="name",
                    reporter=f"reader-{index}-{number}",
                    revision=1,
                )
            )
    session.commit()
    return article


@pytest.fixture
def small_walk(monkeypatch):
    """A walk and a count cap small enough that 40 groups take every branch: the walk
    fills the page, reaches the queue's end, or gives way to the trigram index."""
    monkeypatch.setattr(triage, "SEARCH_WALK", 7)
    monkeypatch.setattr(triage, "COUNT_CAP", 3)


def today(needle):
    """The search as it was before the walk and the trigram union (the reference): the
    quote tested on every group, or the group among those with a matching comment."""
    commented = select(col(Report.group_id)).where(
        func.lower(Report.comment).contains(needle, autoescape=True)
    )
    return or_(
        func.lower(Group.quote).contains(needle, autoescape=True), col(Group.id).in_(commented)
    )


def one_step(monkeypatch, call, *, reference=True):
    """`call()` without the walk: as it was (`reference`: today's term, counted and paged by
    the database), or through the trigram indexes alone as the fallback now asks them."""
    with monkeypatch.context() as patched:
        if reference:
            patched.setattr(triage, "_searched", lambda *_args, **_kwargs: None)
            patched.setattr(triage, "_term", today)
        else:
            patched.setattr(triage, "_walk", lambda *_args, **_kwargs: None)
        return call()


def shown(page):
    return ([g.id for g, _ in page.groups], page.total, page.page, page.pages, page.capped)


def every_page(session, f):
    pages, number = [], 1
    while True:
        page = triage.list_groups(session, triage.QueueFilter(**{**f, "page": number}))
        pages.append(shown(page))
        if number >= page.pages:
            return pages
        number += 1


def every_slice(session, f, limit):
    keys, after = [], None
    while True:
        found = triage.groups_after(session, triage.QueueFilter(**f), after=after, limit=limit)
        keys.append([g.id for g, _ in found.items])
        if not found.more:
            return keys
        after = triage.group_key(found.items[-1][0])


FILTERS = [{"sort": sort} for sort in triage.SORTS] + [
    {"status": GroupStatus.FIXED},
    {"status": GroupStatus.REJECTED, "sort": "oldest"},
    {"status": ALL},
    {"kind": "name", "sort": "readers"},
    {"article": "story"},
]


@pytest.mark.parametrize("term", TERMS, ids=lambda t: repr(t[:12]) + f"-{len(t)}")
def test_the_walk_finds_the_same_pages_as_the_trigram_search(
    session, queue, small_walk, monkeypatch, term
):
    for f in FILTERS:
        f = {**f, "query": term, "per_page": 2}
        expected = one_step(monkeypatch, lambda: every_page(session, f))
        assert every_page(session, f) == expected, f
        assert one_step(monkeypatch, lambda: every_page(session, f), reference=False) == expected


@pytest.mark.parametrize("term", ["maloney", "meloni", "brussels", "%", "😀", "none such"])
@pytest.mark.parametrize("limit", [1, 2, 7])
def test_the_walk_gives_the_same_cursor_slices_and_bulk_ids(
    session, queue, small_walk, monkeypatch, term, limit
):
    for f in ({"query": term}, {"query": term, "status": GroupStatus.FIXED}):
        assert every_slice(session, f, limit) == one_step(
            monkeypatch, lambda: every_slice(session, f, limit)
        ), f
        assert every_slice(session, f, limit) == one_step(
            monkeypatch, lambda: every_slice(session, f, limit), reference=False
        ), f
        ids = triage.matching_ids(session, triage.QueueFilter(**f), limit=limit)
        assert ids == one_step(
            monkeypatch, lambda: triage.matching_ids(session, triage.QueueFilter(**f), limit=limit)
        )


def test_a_frequent_term_is_settled_by_the_walk_and_a_rare_one_by_the_index(
    session, queue, small_walk, monkeypatch
):
    """Which step answers: the walk for a term in most groups (a count of "3+"), the trigram
    index for one the walk's seven groups do not hold often enough, the walk again (with the
    same answer) once it is long enough to find it."""
    answers: list[bool] = []
    walk = triage._walk

    def spy(*args, **kwargs):
        found = walk(*args, **kwargs)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(triage, "_walk", spy)
    frequent = triage.list_groups(session, triage.QueueFilter(query="maloney", per_page=2))
    assert (frequent.total, frequent.capped, answers[-1]) == (3, True, True)
    rare = triage.list_groups(session, triage.QueueFilter(query="brussels", per_page=2))
    assert answers[-1] is False
    assert all(g.quote == "Brussels" for g, _ in rare.groups) and rare.total > 0
    monkeypatch.setattr(triage, "SEARCH_WALK", 1_000)
    whole = triage.list_groups(session, triage.QueueFilter(query="brussels", per_page=2))
    assert (shown(whole), answers[-1]) == (shown(rare), True)


def test_the_search_at_its_real_sizes_answers_like_the_one_step_search(session, queue, monkeypatch):
    for term in ("maloney", "meloni", "😀", "nothing"):
        f = {"query": term}
        assert every_page(session, f) == one_step(monkeypatch, lambda: every_page(session, f))
