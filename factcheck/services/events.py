"""What happens after a new revision or a group outcome, inside the same transaction.

Every use case that appends a revision or settles a group calls these hooks before it
commits, so follow-up work (re-anchoring, checkers, notifications) can never be lost
or run for a change that was rolled back.
"""

from sqlmodel import Session

from factcheck.domain.lifecycle import Outcome
from factcheck.models import Article, Group, Revision
from factcheck.services import checker, grouping, outbox


def revision_created(
    *,
    session: Session,
    article: Article,
    old: Revision | None,
    new: Revision,
    from_cms: bool = False,
    reopen_undone: bool = True,
) -> None:
    """A new revision was appended (ingest, seed, fix, revert, CMS sync)."""
    if old is not None:
        grouping.reanchor_groups(session=session, old=old, new=new)
        if (
            from_cms and reopen_undone
        ):  # an editor's revert is deliberate; a CMS copy from before a fix is not
            for group in grouping.reopen_undone_fixes(session=session, old=old, new=new):
                outbox.enqueue_fix_undone(session=session, article=article, group=group)
    # The checker files its findings as reports, so they group like readers' reports.
    checker.check_revision(session=session, article=article, revision=new)
    outbox.enqueue_revision_created(session=session, article=article, new=new)
    if old is not None and not from_cms and article.external_id is not None:
        outbox.enqueue_writeback(session=session, article=article, old=old, new=new)


def group_settled(*, session: Session, group: Group, outcome: Outcome) -> None:
    """A group became fixed, rejected or was reopened by an editor."""
    outbox.enqueue_group_settled(session=session, group=group, outcome=outcome)
