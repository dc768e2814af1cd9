"""Command line: `flask --app app seed | create-editor | create-token`."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from factcheck.db import session_scope
from factcheck.domain.errors import FactcheckError
from factcheck.services import editors, seeding

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
    for outcome in outcomes:
        click.echo(f"{outcome.slug}: {outcome.status.value} (revision {outcome.revision})")
    if not outcomes:
        click.echo(f"No *.txt seed files in {directory}.")


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
            token = editors.create_token(session=session, email=email)
        except FactcheckError as error:
            raise click.ClickException(error.message) from None
    click.echo("API token (shown once; only its hash is stored):", err=True)
    click.echo(token)


def init_app(app: Flask) -> None:
    for command in (seed_command, create_editor_command, create_token_command):
        app.cli.add_command(command)
