"""What happens after a new revision or a group outcome, inside the same transaction.

Every use case that appends a revision or settles a group calls these hooks before it
commits, so follow-up work (re-anchoring, checkers, notifications) can never be lost
or run for a change that was rolled back.
"""

from sqlmodel import Session

from factcheck.models import Article, Group, Revision
from factcheck.services.grouping import reanchor_groups


def revision_created(
    *, session: Session, article: Article, old: Revision | None, new: Revision
) -> None:
    """A new revision was appended (ingest, seed, fix, revert)."""
    if old is not None:
        reanchor_groups(session=session, old=old, new=new)


def group_settled(*, session: Session, group: Group, outcome: str) -> None:
    """A group became fixed, rejected or was reopened ("fixed" | "rejected" | "reopened")."""
