"""Domain errors on HTML pages: next to the form fields they name, or as one flash message,
in the page's language (the domain writes English msgids, web/reader_messages.py)."""

from flask import flash
from wtforms import Field, Form

from factcheck.domain.errors import FactcheckError
from factcheck.web.i18n import translate


def show_errors(form: Form, error: FactcheckError, default: Field | None = None) -> None:
    """Add each of the error's field messages to the form field of that name.

    A message for a name the form has no field for goes to `default`, or, without one, to the
    form's own errors (`form.form_errors`); so does the error's message when it names no field.
    """
    messages = error.fields or {"": error.message}
    for name, english in messages.items():
        message = translate(english)
        field = form[name] if name and name in form else default
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def flash_error(error: FactcheckError, then: str = "") -> None:
    """Flash the error's message and its field messages (and `then`) as one error line."""
    words = (translate(error.message), *(translate(m) for m in error.fields.values()), then)
    flash(" ".join(part for part in words if part), "error")
