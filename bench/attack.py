"""The attack rerun of issue 19 outside pytest: `make attack`, or against a running server.

    python bench/attack.py                       # its own gunicorn on a fresh SQLite file
    python bench/attack.py --postgres URL        # its own gunicorn on a PostgreSQL database
    python bench/attack.py --base-url http://127.0.0.1:5000 --database-url URL

The last form attacks a server already running on loopback; it seeds through the CLI with
--database-url (the server's database) and reads that database after every request.
Prints `attack: N requests, E server errors, W wrongly written rows (label)`; exits 1
unless both counts are 0. The driver is tests/attack/driver.py (the test uses it too).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.attack.driver import Target, attack, running_server, server_env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to serve (an empty database)")
    parser.add_argument("--base-url", help="a running server on loopback")
    parser.add_argument("--database-url", help="the running server's database")
    parser.add_argument("--per-route", type=int, default=12, help="requests per route and identity")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if args.base_url:
            if not args.database_url:
                parser.error("--base-url needs --database-url")
            env = server_env(args.database_url, workdir / "instance")
            outcome = attack(Target(args.base_url, args.database_url, env, args.base_url),
                             per_route=args.per_route)  # fmt: skip
        else:
            url = args.postgres or f"sqlite:///{workdir / 'attack.sqlite3'}"
            label = "postgres" if args.postgres else "sqlite"
            with running_server(url, workdir, label) as target:
                outcome = attack(target, per_route=args.per_route)
    print(outcome.summary())
    return 0 if outcome.server_errors == outcome.wrong_rows == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
