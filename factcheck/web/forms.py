"""WTForms for the HTML pages (CSRF-protected through Flask-WTF)."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from factcheck.domain.lifecycle import KIND_LABELS, Kind
from factcheck.domain.reports import MAX_COMMENT, MAX_QUOTE, MAX_SUGGESTION


class ReportForm(FlaskForm):
    """The no-JavaScript report form; the service applies the same rules as the JSON API."""

    revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    quote = TextAreaField(
        "Text to correct",
        validators=[DataRequired("Paste the words that are wrong."), Length(max=MAX_QUOTE)],
        description="Copy the wrong words exactly as they appear in the article.",
    )
    suggestion = TextAreaField(
        "Correction",
        validators=[Length(max=MAX_SUGGESTION)],
        description="How the text should read.",
    )
    comment = TextAreaField("Comment (optional)", validators=[Length(max=MAX_COMMENT)])
    kind = SelectField("Kind", choices=list(KIND_LABELS.items()), default=Kind.TYPO)
    email = StringField(
        "Email (optional)",
        validators=[Optional(), Length(max=320)],
        description="To tell you when it is fixed. We use it only for that, then delete it.",
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = StringField("Leave this field empty")
