"""The catalogs (README: Languages): every reader-facing string translated, none fuzzy, and
an app without compiled catalogs still serves its pages, in English."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from factcheck import ROOT
from tests.conftest import build_app

TRANSLATIONS = ROOT / "factcheck" / "translations"
SHIPPED = ("en", "uk")


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=language)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """What `make messages-extract` finds in the code and templates today."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_l",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(pot, "rb") as file:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}


@pytest.mark.parametrize("language", SHIPPED)
def test_every_extracted_string_is_in_the_catalog(extracted, language):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(language) if m.id}
    missing = sorted(extracted - ids)
    assert not missing, f"run `make messages-update` and translate: {missing}"


@pytest.mark.parametrize("language", SHIPPED)
def test_no_message_is_untranslated_or_fuzzy(language):
    untranslated = []
    fuzzy = []
    for message in catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


def test_ukrainian_plurals_have_their_three_forms():
    uk = catalog("uk")
    assert uk.num_plurals == 3
    report = uk.get(("%(num)d report", "%(num)d reports"))
    assert report is not None and len(report.string) == 3


def test_translations_keep_their_placeholders():
    uk = catalog("uk")
    for message in uk:
        if not message.id or not message.python_format:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {part for part in ids[-1].split("%(")[1:]}
        for string in strings:
            assert {part.split(")")[0] for part in string.split("%(")[1:]} <= {
                part.split(")")[0] for part in wanted
            }, message.id


def test_without_compiled_catalogs_the_app_starts_in_english(database, tmp_path):
    app = build_app(
        database.url, tmp_path / "instance", BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "none")
    )
    page = app.test_client().get("/", headers={"Accept-Language": "uk"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="en"' in text and ">Articles</h1>" in text
