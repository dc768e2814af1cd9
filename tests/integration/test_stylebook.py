"""The house stylebook through the service: entries, CSV import and export, the checker."""

import json

import pytest
from sqlmodel import select

from factcheck.domain import checker
from factcheck.domain.errors import Invalid, NotFound
from factcheck.models import AuditEntry, StyleName
from factcheck.services import stylebook
from factcheck.services.stylebook import NameDraft
from tests.builders import the_editor

HEADER = "canonical,variants,kind,note\n"


@pytest.fixture
def editor(session):
    return the_editor(session)


def save(session, editor, canonical, *variants, kind="person", note="", name_id=None):
    draft = NameDraft(canonical, tuple(variants), kind, note)
    return stylebook.save_name(session=session, draft=draft, editor=editor, name_id=name_id)


def listed(session, query=""):
    session.rollback()
    return [
        (row.canonical, row.variants, row.kind, row.note) for row in stylebook.names(session, query)
    ]


def audit(session, action):
    session.rollback()
    return session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_an_added_name_is_listed_with_its_variants_and_found_by_search(session, editor):
    save(session, editor, "  Giorgia   Meloni ", "Meloni, Giorgia", " ", kind="person", note="PM")
    save(session, editor, "Brothers of Italy", "Fratelli d'Italia", kind="organisation")
    assert listed(session) == [
        ("Brothers of Italy", "Fratelli d'Italia", "organisation", ""),
        ("Giorgia Meloni", "Meloni, Giorgia", "person", "PM"),
    ]
    assert [row[0] for row in listed(session, "MELONI")] == ["Giorgia Meloni"]
    assert [row[0] for row in listed(session, "fratelli")] == ["Brothers of Italy"]
    assert listed(session, "100%") == []  # a wildcard is a character, not a pattern
    [first, _second] = audit(session, "stylebook_save")
    assert first.editor_id == editor.id
    assert json.loads(first.after)["canonical"] == "Giorgia Meloni"


def test_saving_a_listed_spelling_again_updates_that_entry(session, editor):
    first = save(session, editor, "Giorgia Meloni")
    again = save(session, editor, "Giorgia Meloni", "Meloni", kind="person", note="Since 2022")
    assert again.id == first.id
    assert listed(session) == [("Giorgia Meloni", "Meloni", "person", "Since 2022")]


def test_an_entry_can_be_renamed_by_its_id(session, editor):
    row = save(session, editor, "Georgia Meloni", "Meloni")
    save(session, editor, "Giorgia Meloni", "Meloni", name_id=row.id)
    assert listed(session) == [("Giorgia Meloni", "Meloni", "person", "")]


def test_renaming_onto_another_listed_name_is_refused_on_the_canonical_field(session, editor):
    save(session, editor, "Giorgia Meloni")
    other = save(session, editor, "Guido Crosetto")
    with pytest.raises(Invalid) as refused:
        save(session, editor, "Giorgia Meloni", name_id=other.id)
    assert set(refused.value.fields) == {"canonical"}
    assert [row[0] for row in listed(session)] == ["Giorgia Meloni", "Guido Crosetto"]


@pytest.mark.parametrize(
    ("draft", "fields"),
    [
        (NameDraft("   "), {"canonical"}),
        (NameDraft("A|B"), {"canonical"}),
        (NameDraft("x" * 201), {"canonical"}),
        (NameDraft("Giorgia Meloni", ("G|M",)), {"variants"}),
        (NameDraft("Giorgia Meloni", ("y" * 201,)), {"variants"}),
        (NameDraft("Giorgia Meloni", kind="planet"), {"kind"}),
        (NameDraft("Giorgia Meloni", note="n" * 2001), {"note"}),
        (NameDraft("Giorgia\x00Meloni"), {"canonical"}),  # a control character, where it is
        (NameDraft("", ("a|b",), "nope"), {"canonical", "variants", "kind"}),
    ],
    ids=[
        "blank",
        "pipe",
        "too long",
        "pipe variant",
        "long variant",
        "unknown kind",
        "long note",
        "nul",
        "several at once",
    ],
)
def test_an_invalid_name_is_refused_naming_its_fields_and_nothing_is_saved(
    session, editor, draft, fields
):
    with pytest.raises(Invalid) as refused:
        stylebook.save_name(session=session, draft=draft, editor=editor)
    assert set(refused.value.fields) == fields
    assert listed(session) == []


def test_a_deleted_name_is_gone_and_the_deletion_audited(session, editor):
    row = save(session, editor, "Giorgia Meloni", "Meloni")
    stylebook.delete_name(session=session, name_id=row.id, editor=editor)
    assert listed(session) == []
    [entry] = audit(session, "stylebook_delete")
    assert json.loads(entry.before) == {
        "canonical": "Giorgia Meloni",
        "variants": "Meloni",
        "wrong": "",
    }


def test_updating_or_deleting_an_unknown_entry_is_not_found(session, editor):
    with pytest.raises(NotFound):
        save(session, editor, "Giorgia Meloni", name_id=999)
    session.rollback()
    with pytest.raises(NotFound):
        stylebook.delete_name(session=session, name_id=999, editor=editor)
    assert listed(session) == []


def test_an_exported_stylebook_imports_into_an_empty_one_unchanged(session, editor):
    save(session, editor, "Giorgia Meloni", "Meloni", "G. Meloni", note='PM, "since 2022"')
    save(session, editor, "Rome", kind="place", note="Capital\nof Italy")
    save(session, editor, "Brothers of Italy", "FdI", kind="organisation")
    exported = stylebook.export_csv(session)
    assert exported.startswith("canonical,variants,kind,note,wrong\n")
    before = listed(session)
    for row in stylebook.names(session):
        stylebook.delete_name(session=session, name_id=row.id, editor=editor)
    assert listed(session) == []

    result = stylebook.import_csv(session=session, text=exported, editor=editor)
    assert result == stylebook.ImportResult(added=3, updated=0, unchanged=0)
    assert listed(session) == before
    assert stylebook.export_csv(session) == exported


def test_importing_merges_by_canonical_spelling_and_counts_what_changed(session, editor):
    save(session, editor, "Giorgia Meloni", "Meloni")
    save(session, editor, "Rome", kind="place")
    text = HEADER + (
        "Giorgia Meloni,Meloni|G. Meloni,person,\n"  # a new variant: updated
        "Rome,,place,\n"  # as it is: unchanged
        "\n"  # blank lines are skipped
        "Sergio Mattarella,,person,President\n"  # added
    )
    result = stylebook.import_csv(session=session, text=text, editor=editor)
    assert result == stylebook.ImportResult(added=1, updated=1, unchanged=1)
    assert listed(session) == [
        ("Giorgia Meloni", "Meloni|G. Meloni", "person", ""),
        ("Rome", "", "place", ""),
        ("Sergio Mattarella", "", "person", "President"),
    ]
    [entry] = audit(session, "stylebook_import")
    assert json.loads(entry.after) == {"added": 1, "updated": 1}
    again = stylebook.import_csv(session=session, text=text, editor=editor)
    assert again == stylebook.ImportResult(added=0, updated=0, unchanged=3)
    assert len(audit(session, "stylebook_import")) == 1  # nothing changed, nothing audited


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1"),
        ("name,spellings\nRome,\n", "line 1"),
        (HEADER + "Rome,,place,\nParis,,planet,\n", "line 3"),
        (HEADER + "Rome,,place,\n,Nobody,person,\n", "line 3"),
        (HEADER + "Rome,,place\n", "line 2"),
    ],
    ids=["empty file", "wrong header", "unknown kind", "no canonical", "missing column"],
)
def test_a_broken_csv_is_refused_with_its_line_and_nothing_is_imported(
    session, editor, text, message
):
    with pytest.raises(Invalid) as refused:
        stylebook.import_csv(session=session, text=text, editor=editor)
    assert message in refused.value.fields["file"]
    assert listed(session) == []


def test_a_csv_row_breaking_the_entry_rules_is_refused_with_the_field_and_none_imported(
    session, editor
):
    text = HEADER + "Rome,,place,\n" + "x" * 201 + ",,person,\n"
    with pytest.raises(Invalid) as refused:
        stylebook.import_csv(session=session, text=text, editor=editor)
    assert set(refused.value.fields) == {"canonical"}
    assert listed(session) == []


def test_the_checker_picks_up_a_name_added_after_it_was_built(session, editor):
    text = "He met Georgia Maloney in Rome."
    before = stylebook.load(session)
    assert not before.is_known("Giorgia Meloni")
    assert checker.check_text(text, before) == []

    save(session, editor, "Giorgia Meloni")
    after = stylebook.load(session)
    assert after.is_known("Giorgia Meloni")
    [finding] = checker.check_text(text, after)
    assert (finding.quote, finding.suggestion) == ("Georgia Maloney", "Giorgia Meloni")


def test_the_checker_follows_a_new_variant_and_a_deletion(session, editor):
    row = save(session, editor, "Giorgia Meloni")
    assert not stylebook.load(session).is_known("La Premier")
    save(session, editor, "Giorgia Meloni", "La Premier")
    assert stylebook.load(session).is_known("La Premier")
    stylebook.delete_name(session=session, name_id=row.id, editor=editor)
    assert not stylebook.load(session).is_known("Giorgia Meloni")


def test_the_checker_follows_a_renamed_entry(session, editor):
    row = save(session, editor, "Georgia Meloni")
    assert stylebook.load(session).is_known("Georgia Meloni")
    save(session, editor, "Giorgia Meloni", name_id=row.id)
    book = stylebook.load(session)
    assert book.is_known("Giorgia Meloni")
    assert not book.is_known("Georgia Meloni")


def test_a_stored_row_is_a_stylebook_name(session, editor):
    save(session, editor, "Rome", "Roma", kind="place", note="Capital")
    [row] = session.exec(select(StyleName)).all()
    assert stylebook.as_name(row) == checker.Name("Rome", ("Roma",), "Capital", "place")


# ---- wrong forms -----------------------------------------------------------------------


def test_wrong_forms_are_saved_exported_and_imported_again(session, editor):
    draft = NameDraft(
        "Kyiv", (), "place", "Not Kiev (house style since 2019)", (" Kiev ", "Kiew", "Kiev")
    )
    row = stylebook.save_name(session=session, draft=draft, editor=editor)
    assert row.wrong == "Kiev|Kiew"
    [entry] = audit(session, "stylebook_save")
    assert json.loads(entry.after)["wrong"] == "Kiev|Kiew"
    exported = stylebook.export_csv(session)
    assert "Kyiv,,place,Not Kiev (house style since 2019),Kiev|Kiew\n" in exported
    stylebook.delete_name(session=session, name_id=row.id, editor=editor)
    result = stylebook.import_csv(session=session, text=exported, editor=editor)
    assert result.added == 1
    session.rollback()
    [again] = stylebook.names(session)
    assert again.wrong == "Kiev|Kiew"


def test_an_old_csv_without_the_wrong_column_keeps_no_wrong_forms(session, editor):
    stylebook.import_csv(session=session, text=HEADER + "Kyiv,,place,\n", editor=editor)
    session.rollback()
    [row] = stylebook.names(session)
    assert row.wrong == ""


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (("Kyiv",), "is the name or one of its accepted variants"),
        (("kyïv",), "is the name or one of its accepted variants"),
        (("x" * 201,), "at most 200"),
        (("--",), "no letters"),
        (tuple(f"Kiev{i}" for i in range(51)), "At most 50"),
    ],
    ids=["the name itself", "an accepted variant", "too long", "no letters", "too many"],
)
def test_a_wrong_form_that_cannot_be_wrong_is_refused_on_its_field(session, editor, wrong, message):
    draft = NameDraft("Kyiv", ("Kyïv",), "place", "", wrong)
    with pytest.raises(Invalid) as refused:
        stylebook.save_name(session=session, draft=draft, editor=editor)
    assert message in refused.value.fields["wrong"]
    assert listed(session) == []


def test_a_wrong_form_with_a_control_character_is_refused_on_its_field(session, editor):
    draft = NameDraft("Kyiv", (), "place", "", ("Ki\x00ev",))
    with pytest.raises(Invalid) as refused:
        stylebook.save_name(session=session, draft=draft, editor=editor)
    assert "wrong" in refused.value.fields


def test_the_checker_sees_a_new_wrong_form_at_once(session, editor):
    stylebook.save_name(session=session, draft=NameDraft("Kyiv", (), "place"), editor=editor)
    assert stylebook.load(session).check("Troops left Kiev.") == []
    draft = NameDraft("Kyiv", (), "place", "Not Kiev", ("Kiev",))
    stylebook.save_name(session=session, draft=draft, editor=editor)
    [finding] = stylebook.load(session).check("Troops left Kiev.")
    assert (finding.quote, finding.suggestion, finding.reason) == ("Kiev", "Kyiv", "Not Kiev")
