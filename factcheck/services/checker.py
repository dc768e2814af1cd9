"""The checker on revisions: stylebook names and weekday/date agreement, filed as reports."""

from dataclasses import dataclass, field

from sqlmodel import Session

from factcheck.domain import anchoring, checker
from factcheck.domain.errors import Invalid
from factcheck.domain.reports import ReportDraft
from factcheck.models import Article, Revision
from factcheck.services import articles, reports, stylebook
from factcheck.services.transactions import unit_of_work


@dataclass
class CheckSummary:
    articles: int = 0
    findings: int = 0
    new_reports: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def check_revision(*, session: Session, article: Article, revision: Revision) -> CheckSummary:
    """File every finding on `revision` as a checker report (inside the caller's transaction)."""
    summary = CheckSummary(articles=1)
    for finding in checker.check_text(revision.text, stylebook.load(session)):
        prefix, suffix = anchoring.context_of(revision.text, finding.start, finding.end)
        draft = ReportDraft(
            slug=article.slug,
            revision=revision.number,
            quote=finding.quote,
            suggestion=finding.suggestion,
            kind=finding.kind,
            prefix=prefix,
            suffix=suffix,
            start=finding.start,
            end=finding.end,
            comment=f"Found by the checker: {finding.reason}",
        )
        summary.findings += 1
        summary.kinds[finding.kind] = summary.kinds.get(finding.kind, 0) + 1
        try:
            submitted = reports.file_finding(session=session, draft=draft)
        except Invalid:
            continue  # a finding the report rules refuse (e.g. too long) is not worth a row
        summary.new_reports += int(submitted.created)
    return summary


def check_articles(*, session: Session, slugs: list[str] | None) -> list[CheckSummary]:
    """Re-run the checker on current revisions, one article per unit of work."""
    chosen = (
        [articles.get_article(session, slug) for slug in slugs]
        if slugs
        else articles.list_articles(session)
    )
    results = []
    for article in chosen:
        with unit_of_work(session):
            revision = articles.get_current_revision(session, article)
            results.append(check_revision(session=session, article=article, revision=revision))
    return results
