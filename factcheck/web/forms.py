"""WTForms for the HTML pages (CSRF-protected through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
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
        _l("Text to correct"),
        validators=[DataRequired(_l("Paste the words that are wrong.")), Length(max=MAX_QUOTE)],
        description=_l("Copy the wrong words exactly as they appear in the article."),
    )
    suggestion = TextAreaField(
        _l("Correction"),
        validators=[Length(max=MAX_SUGGESTION)],
        description=_l("How the text should read."),
    )
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=MAX_COMMENT)])
    kind = SelectField(
        _l("Kind"),
        choices=[(kind, _l(label)) for kind, label in KIND_LABELS.items()],
        default=Kind.TYPO,
    )
    email = StringField(
        _l("Email (optional)"),
        validators=[Optional(), Length(max=320)],
        description=_l("To tell you when it is fixed. We use it only for that, then delete it."),
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = StringField(_l("Leave this field empty"))
