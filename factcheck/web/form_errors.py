"""Domain errors on HTML pages: next to the form fields they name, or as one flash message."""

from flask import flash
from wtforms import Field, Form

from factcheck.domain.errors import FactcheckError


def show_errors(form: Form, error: FactcheckError, default: Field | None = None) -> None:
    """Add each of the error's field messages to the form field of that name.

    A message for a name the form has no field for goes to `default`, or, without one, to the
    form's own errors (`form.form_errors`); so does the error's message when it names no field.
    """
    messages = error.fields or {"": error.message}
    for name, message in messages.items():
        field = form[name] if name and name in form else default
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def flash_error(error: FactcheckError, then: str = "") -> None:
    """Flash the error's message and its field messages (and `then`) as one error line."""
    flash(" ".join(part for part in (error.message, *error.fields.values(), then) if part), "error")
