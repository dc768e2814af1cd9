"""SQLite: concurrent writers in several gunicorn workers never see "database is locked"."""

import threading

from sqlalchemy import create_engine, text

from tests.faults.conftest import post_report, running_server


def test_concurrent_report_writers_all_succeed_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    answers = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for i in range(25):
            answer = post_report(server.url, f"Giorgia Meloni {n}-{i}")
            with lock:
                answers.append(answer)

    with running_server(url, tmp_path, workers=4) as server:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    statuses = sorted({a.status for a in answers})
    assert statuses == [201], [a.body for a in answers if a.status != 201][:3]
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM report WHERE source='reader'"))
        assert stored.scalar() == 300
    engine.dispose()
