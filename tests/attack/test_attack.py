"""The attack rerun (issue 19): 0 server errors and 0 wrongly written rows on each database."""

import pytest

from tests.attack.driver import attack, running_server
from tests.conftest import Database, require_postgres


def check(outcome) -> None:
    assert len(outcome.routes) >= 60, sorted(outcome.routes)
    assert outcome.requests >= 1000
    assert (outcome.server_errors, outcome.wrong_rows) == (0, 0), "\n".join(
        map(str, outcome.findings[:40])
    )


@pytest.mark.timeout(900)
def test_the_attack_run_finds_nothing_on_sqlite(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'attack.sqlite3'}"
    with running_server(url, tmp_path, "sqlite") as target:
        outcome = attack(target, per_route=8)
    with capsys.disabled():
        print("\n" + outcome.summary())
    check(outcome)


@pytest.mark.postgres
@pytest.mark.timeout(900)
def test_the_attack_run_finds_nothing_on_postgres(tmp_path, capsys):
    database = Database(require_postgres(), tmp_path)
    try:
        with running_server(database.url, tmp_path, "postgres") as target:
            outcome = attack(target, per_route=8)
    finally:
        database.drop()
    with capsys.disabled():
        print("\n" + outcome.summary())
    check(outcome)
