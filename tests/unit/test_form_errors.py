"""Domain errors on HTML forms: each field message next to its field, once, for every page."""

import pytest
from flask import Flask, get_flashed_messages
from flask_babel import Babel
from wtforms import Form, StringField

from factcheck.domain.errors import Invalid, NotFound
from factcheck.web.form_errors import flash_error, show_errors


class NameForm(Form):
    canonical = StringField()
    note = StringField()


def test_each_message_goes_to_the_field_it_names():
    form = NameForm()
    show_errors(form, Invalid("Not valid.", {"note": "Too long.", "canonical": "Empty."}))
    assert form.errors == {"note": ["Too long."], "canonical": ["Empty."]}


def test_messages_add_to_the_errors_a_field_already_has():
    form = NameForm()
    form.note.errors = ["Too long."]
    show_errors(form, Invalid("Not valid.", {"note": "Contains NUL."}))
    assert form.note.errors == ["Too long.", "Contains NUL."]


@pytest.mark.parametrize("name", ["kind", "data", "errors", "validate", ""])
def test_a_name_the_form_has_no_field_for_goes_to_the_default_field(name):
    form = NameForm()
    show_errors(form, Invalid("Not valid.", {name: "Unknown kind."}), default=form.canonical)
    assert form.errors == {"canonical": ["Unknown kind."]}


def test_without_a_default_it_becomes_an_error_of_the_whole_form():
    form = NameForm()
    show_errors(form, Invalid("Not valid.", {"kind": "Unknown kind."}))
    assert form.form_errors == ["Unknown kind."]
    assert not form.canonical.errors and not form.note.errors


def test_an_error_naming_no_field_shows_its_message():
    form = NameForm()
    show_errors(form, NotFound("No such name."), default=form.canonical)
    assert form.canonical.errors == ["No such name."]


def test_a_flashed_error_carries_the_message_and_every_field_message():
    app = Flask(__name__)
    app.secret_key = "test"
    Babel(app)  # the messages are said in the page's language: English here
    with app.test_request_context():
        flash_error(Invalid("Not imported.", {"row 2": "No kind.", "row 3": "Empty."}))
        flash_error(NotFound("No such name."), then="Nothing was imported.")
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Not imported. No kind. Empty."),
            ("error", "No such name. Nothing was imported."),
        ]
