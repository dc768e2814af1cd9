"""The widget's bytes as a host page loads them, gzipped (level 9), against the budget.

    .venv/bin/python bench/widget_size.py

Counts what tests/browser/test_embed.py and tests/browser/test_languages.py count: GET
/embed.js, the modules the dialog imports and the dialog's words, /embed/strings/<lang>.json.
"""

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import create_app

BUDGET = 15 * 1024
MODULES = ("embed-dialog", "dialog", "pagetext", "text")


def main() -> None:
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "TESTING": True,
                "LOG_LEVEL": "WARNING",
                "DATABASE_URL": f"sqlite:///{instance}/db.sqlite",
            },
            instance_path=instance,
        )
        client = app.test_client()
        code = {"embed.js": client.get("/embed.js").data}
        for name in MODULES:
            code[f"embed/{name}.js"] = client.get(f"/embed/{name}.js").data
        sizes = {name: len(gzip.compress(body, 9)) for name, body in code.items()}
        print(f"{'file':<24}{'gzipped':>9}")
        for name, size in sizes.items():
            print(f"{name:<24}{size:>9}")
        for language in ("en", "uk"):
            body = client.get(f"/embed/strings/{language}.json").data
            words = len(gzip.compress(body, 9))
            total = sum(sizes.values()) + words
            print(
                f"with strings/{language}.json ({words}): {total} bytes, "
                f"budget {BUDGET}, {BUDGET - total:+d}"
            )


if __name__ == "__main__":
    main()
