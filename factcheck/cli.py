"""Command line: `flask --app app seed | create-editor | create-token | create-site |
connect-wordpress | sync | worker | …` (README: Command line)."""

import os
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from factcheck.connectors import ConnectorError
from factcheck.connectors.clients import Clients
from factcheck.db import session_scope
from factcheck.domain.errors import FactcheckError
from factcheck.services import (
    articles,
    audit,
    checker,
    connectors,
    digest,
    editors,
    seeding,
    sites,
)
from factcheck.services.publishing import IngestStatus

# Every command that changes something leaves an audit entry by "the command line"
# (audit.COMMAND_LINE): in the use case's own transaction where the service takes an actor,
# else one entry after the work (audit.record_command) naming what it did.

DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@click.command("seed", help="Import seed articles (idempotent; a changed file adds a revision).")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def seed_command(directory: Path | None) -> None:
    directory = directory or DEFAULT_SEEDS
    with session_scope() as session:
        try:
            outcomes = seeding.seed_directory(
                session=session,
                directory=directory,
                max_body_chars=current_app.config["MAX_BODY_CHARS"],
            )
        except seeding.SeedError as error:
            raise click.ClickException(str(error)) from None
        demo = seeding.seed_demo_site(session=session)
        demo_key = demo.key if demo is not None else None
        changed = [o for o in outcomes if o.status != IngestStatus.UNCHANGED]
        if changed:  # `make run` seeds on every start: an unchanged seed is not an action
            audit.record_command(
                session=session,
                action="seed",
                target="",
                details={
                    "directory": str(directory),
                    "created": sum(o.status == IngestStatus.CREATED for o in changed),
                    "revised": sum(o.status == IngestStatus.REVISED for o in changed),
                    "articles": ", ".join(o.slug for o in changed[:20]),
                },
            )
    for outcome in outcomes:
        click.echo(f"{outcome.slug}: {outcome.status.value} (revision {outcome.revision})")
    if not outcomes:
        click.echo(f"No *.txt seed files in {directory}.")
    if demo_key is not None:
        click.echo(f"demo site: {demo_key}")


@click.command("create-site", help="Register a site that embeds the widget; prints its key last.")
@click.argument("name")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    required=True,
    help="An allowed origin, e.g. https://news.example.com (repeat for several).",
)
@click.option("--lang", "language", default="en", show_default=True, help="BCP 47 language.")
@click.option("--selector", default=None, help="CSS selector of the article body.")
@with_appcontext
def create_site_command(
    name: str, origins: tuple[str, ...], language: str, selector: str | None
) -> None:
    fields = sites.SiteFields(name=name, origins=origins, language=language, selector=selector)
    with session_scope() as session:
        try:
            site = sites.create_site(session=session, fields=fields, actor=audit.COMMAND_LINE)
        except FactcheckError as error:
            reasons = "; ".join(error.fields.values())
            raise click.ClickException(f"{error.message} {reasons}".strip()) from None
        key, allowed = site.key, ", ".join(sites.origin_list(site))
    click.echo(f"Created site {name!r} for {allowed}. Its key (public, for the snippet):", err=True)
    click.echo(key)


@click.command("create-editor", help="Create an editor account.")
@click.argument("email")
@click.option("--password", help="Prompted for (hidden) when not given.")
@click.option("--admin", is_flag=True, help="Give the account the admin role.")
@with_appcontext
def create_editor_command(email: str, password: str | None, admin: bool) -> None:
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with session_scope() as session:
        try:
            editor = editors.create_editor(
                session=session,
                email=email,
                password=password or "",
                role="admin" if admin else "editor",
                actor=audit.COMMAND_LINE,
            )
        except FactcheckError as error:
            reasons = "; ".join(error.fields.values())
            raise click.ClickException(f"{error.message} {reasons}".strip()) from None
    click.echo(f"Created {editor.role} {editor.email}.")


@click.command("create-token", help="Print a new API token for an editor (last line).")
@click.argument("email")
@with_appcontext
def create_token_command(email: str) -> None:
    with session_scope() as session:
        try:
            token = editors.create_token(session=session, email=email, actor=audit.COMMAND_LINE)
        except FactcheckError as error:
            raise click.ClickException(error.message) from None
    click.echo("API token (shown once; only its hash is stored):", err=True)
    click.echo(token)


@click.command("worker", help="Deliver queued emails and webhooks (the outbox).")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--interval", type=float, default=None, help="Seconds between polls.")
@with_appcontext
def worker_command(once: bool, interval: float | None) -> None:
    from factcheck import worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        stats = worker.run_pass(app, worker.new_worker_id())
        click.echo(
            f"Sent {stats.sent}, failed {stats.failed} (will retry), dead {stats.dead}, "
            f"addresses purged {stats.purged}."
        )
        return
    try:
        worker.run_forever(app, interval=interval or app.config["WORKER_INTERVAL"])
    except KeyboardInterrupt:
        click.echo("Worker stopped.")


@click.command("check", help="Run the name and date checkers over articles' current text.")
@click.argument("slugs", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Check every article in the archive.")
@with_appcontext
def check_command(slugs: tuple[str, ...], everything: bool) -> None:
    if not slugs and not everything:
        raise click.UsageError("Name articles by slug, or pass --all.")
    with session_scope() as session:
        chosen = list(slugs) or [a.slug for a in articles.list_articles(session)]
        totals: dict[str, int] = {}
        found = new = 0
        with click.progressbar(chosen, label="Checking", show_pos=True) as bar:
            for slug in bar:
                try:
                    (summary,) = checker.check_articles(session=session, slugs=[slug])
                except FactcheckError as error:
                    raise click.ClickException(f"{slug}: {error.message}") from None
                found += summary.findings
                new += summary.new_reports
                for kind, count in summary.kinds.items():
                    totals[kind] = totals.get(kind, 0) + count
        audit.record_command(
            session=session,
            action="check",
            target="",
            details={"articles": len(chosen), "findings": found, "new reports": new},
        )
    detail = ", ".join(f"{count} {kind}" for kind, count in sorted(totals.items())) or "none"
    click.echo(
        f"Checked {len(chosen)} article(s): {found} finding(s) ({detail}); "
        f"{new} new report(s) in the queue."
    )


@click.command("export", help="Write every table to FILE as JSON Lines (a backup; keep it secret).")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(file: Path) -> None:
    from factcheck.services import backup

    # It holds password and token hashes and webhook secrets: readable by the owner only.
    # A new file of our own (O_EXCL, mode 600) beside the target, renamed over it when
    # complete: no pre-existing or symlinked file is ever followed or left readable.
    descriptor, name = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent or ".")
    partial = Path(name)
    try:
        out = os.fdopen(descriptor, "w", encoding="utf-8")
        with out, session_scope(write=False) as session:
            counts = backup.write_backup(session=session, out=out)
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
    summary = ", ".join(f"{count} {table}" for table, count in counts.rows.items() if count)
    click.echo(f"Exported {summary or 'nothing'} to {file}.")


@click.command("import", help="Restore a backup FILE into an empty, migrated database.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    from factcheck.services import backup

    with session_scope() as session, file.open(encoding="utf-8") as lines:
        try:
            counts = backup.restore_backup(session=session, lines=lines)
        except FactcheckError as error:
            raise click.ClickException(f"{error.message} Nothing was imported.") from None
        # Not audited: a restore rebuilds the backed-up newsroom exactly (its export equals
        # the backup, tests/integration/test_backup.py); the restored log is its history.
    summary = ", ".join(f"{count} {table}" for table, count in counts.rows.items() if count)
    click.echo(f"Imported {summary or 'nothing'} from {file}.")


@click.command("digest", help="Queue today's digest email for every editor who wants it.")
@with_appcontext
def digest_command() -> None:
    with session_scope() as session:
        queued = digest.queue_digests(session=session)
        audit.record_command(
            session=session, action="digest", target="", details={"queued": queued}
        )
    click.echo(f"Queued {queued} digest(s); the worker sends them.")


def _fail(error: FactcheckError) -> click.ClickException:
    reasons = "; ".join(dict.fromkeys(error.fields.values()))
    message = error.message if reasons in error.message else f"{error.message} {reasons}"
    return click.ClickException(message.strip())


@click.command("new-connector-key", help="Print a new FACTCHECK_CONNECTOR_KEY (Fernet).")
def new_connector_key_command() -> None:
    click.echo(connectors.new_key())


@click.command(
    "connect-wordpress",
    help="Attach a WordPress connector to a site, once WordPress accepts the credentials.",
)
@click.argument("site_key")
@click.option(
    "--url", required=True, help="The WordPress site's address, e.g. https://news.example.com"
)
@click.option("--user", required=True, help="The WordPress user the connector acts as.")
@click.option("--app-password", help="Its Application Password (prompted for when not given).")
@click.option(
    "--note",
    "note_placement",
    type=click.Choice(["end", "top", "none"]),
    default="end",
    show_default=True,
    help="Where a fix's correction note goes in the post.",
)
@with_appcontext
def connect_wordpress_command(
    site_key: str, url: str, user: str, app_password: str | None, note_placement: str
) -> None:
    if app_password is None:
        app_password = click.prompt("Application Password", hide_input=True)
    fields = connectors.ConnectorFields(url, user, app_password, note_placement)
    with session_scope() as session:
        try:
            site = sites.get_by_key(session, site_key)
            connectors.connect(
                session=session,
                site_id=site.id or 0,
                fields=fields,
                clients=Clients.from_config(current_app.config),
                actor=audit.COMMAND_LINE,
            )
        except FactcheckError as error:
            raise _fail(error) from None
        name = site.name
    click.echo(f"Connected {name!r} to WordPress at {fields.base_url.rstrip('/')} as {user}.")
    click.echo(f"Bring its posts in with: flask --app app sync {site_key}")


@click.command("sync", help="Bring in a connected site's posts modified since the last sync.")
@click.argument("site_key")
@click.option("--full", is_flag=True, help="Every published post, not only the changed ones.")
@with_appcontext
def sync_command(site_key: str, full: bool) -> None:
    with session_scope() as session:
        try:
            site = sites.get_by_key(session, site_key)
            result = connectors.sync(
                session=session,
                site_id=site.id or 0,
                clients=Clients.from_config(current_app.config),
                full=full,
                max_body_chars=current_app.config["MAX_BODY_CHARS"],
            )
        except FactcheckError as error:
            raise _fail(error) from None
        except ConnectorError as error:
            raise click.ClickException(str(error)) from None
        audit.record_command(
            session=session,
            action="sync",
            target=f"site:{site.id}",
            details={
                "full": full,
                "created": result.created,
                "revised": result.revised,
                "unchanged": result.unchanged,
                "errors": len(result.errors),
            },
        )
    click.echo(result.summary())
    for problem in result.errors:
        click.echo(f"error: {problem}", err=True)
    if result.errors:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    commands = (
        seed_command,
        create_editor_command,
        create_token_command,
        create_site_command,
        worker_command,
        check_command,
        export_command,
        import_command,
        digest_command,
        new_connector_key_command,
        connect_wordpress_command,
        sync_command,
    )
    for command in commands:
        app.cli.add_command(command)
    if app.config.get("RUN_WORKER") and not app.config.get("TESTING"):
        from factcheck import worker

        # The embedded default (`make run`): deliver from a daemon thread of the web process.
        worker.start_in_process(app)
