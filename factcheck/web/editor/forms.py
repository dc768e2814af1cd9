"""WTForms for the editor pages; every POST carries a CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from factcheck.domain.lifecycle import KIND_LABELS, REJECT_LABELS
from factcheck.domain.triage import PRIORITY_LABELS
from factcheck.web.reader_messages import N_

# domain/triage.py's priority labels, for the catalogs (the kinds and reasons are listed in
# web/reader_messages.py): the forms and the group page show them translated.
PRIORITY_WORDS = (N_("Urgent"), N_("High"), N_("Normal"), N_("Low"))
# The other words the domain and services give the editor pages, shown through `|translate`:
# the group statuses (domain/lifecycle.py), the queue's orders (services/triage.py) and the
# stylebook's kinds of name (domain/checker.py).
STATUS_WORDS = (
    N_("open"),
    N_("snoozed"),
    N_("fixed"),
    N_("rejected"),
    N_("outdated"),
    N_("merged"),
    N_("all"),
)
SORT_WORDS = (N_("Impact"), N_("Newest"), N_("Most readers"), N_("Oldest waiting"))
NAME_KIND_WORDS = (N_("person"), N_("place"), N_("organisation"))


class ActionForm(FlaskForm):
    """A button that only needs CSRF protection."""


class ApplyForm(FlaskForm):
    # "0", "1", … picks a candidate; "custom" uses the text typed below.
    choice = StringField(_l("Fix"), default="0", validators=[Length(max=10)])
    custom = TextAreaField(_l("Custom correction"), validators=[Length(max=2000)])
    base_revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    summary = StringField(
        _l("Edit summary"), validators=[DataRequired(_l("Say what you changed.")), Length(max=500)]
    )
    note = TextAreaField(_l("Public correction note"), validators=[Length(max=2000)])
    # A wrong name without a note is a warning (domain.triage.note_refusal), this overrides it.
    without_note = BooleanField(_l("Publish without a note"))
    elsewhere = SelectMultipleField(
        _l("Also fix the same text at"), coerce=int, choices=[], validate_choice=False
    )


class CommentForm(FlaskForm):
    text = TextAreaField(
        _l("Internal comment (editors only)"),
        validators=[DataRequired(_l("Write a comment.")), Length(max=2000)],
    )


class KindForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k, _l(label)) for k, label in KIND_LABELS.items()])


class PriorityForm(FlaskForm):
    priority = SelectField(
        _l("Priority"),
        coerce=int,
        choices=[(int(p), _l(label)) for p, label in PRIORITY_LABELS.items()],
    )


class RejectForm(FlaskForm):
    reason = SelectField(
        _l("Reason"), choices=[(k, _l(label)) for k, label in REJECT_LABELS.items()]
    )
    detail = TextAreaField(_l("Explanation (shown to reporters)"), validators=[Length(max=1000)])


class SnoozeForm(FlaskForm):
    more_reports = IntegerField(
        _l("Until this many more reports"), validators=[Optional(), NumberRange(1, 10_000)]
    )
    until = DateTimeLocalField(
        _l("or until (UTC)"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assign to"), coerce=int, choices=[])


class MergeForm(FlaskForm):
    # Bounded: a number beyond a database integer is no group (and no 500).
    into = IntegerField(
        _l("Merge into group #"), validators=[DataRequired(), NumberRange(1, 2**31 - 1)]
    )


class SplitForm(FlaskForm):
    reports = SelectMultipleField(
        _l("Reports to move to a new group"), coerce=int, choices=[], validate_choice=False
    )


class BulkForm(FlaskForm):
    # Sent by the button pressed: each action is its own button, none is a default.
    action = SelectField(
        _l("With selected"),
        choices=[
            ("reject", _l("Reject")),
            ("assign", _l("Assign to me")),
            ("snooze", _l("Snooze 10 reports")),
        ],
    )
    # Only Reject needs it; triage.reject refuses an unknown reason (that group is counted
    # as not changed).
    reason = SelectField(
        _l("Reason"),
        choices=[(k, _l(label)) for k, label in REJECT_LABELS.items()],
        validate_choice=False,
    )
    groups = SelectMultipleField(_l("Groups"), coerce=int, choices=[], validate_choice=False)


class SavedFilterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])


class BatchForm(FlaskForm):
    groups = SelectMultipleField(_l("Groups to fix"), coerce=int, choices=[], validate_choice=False)
    base_revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    summary = StringField(_l("Edit summary"), validators=[DataRequired(), Length(max=500)])
    note = TextAreaField(_l("Public correction note"), validators=[Length(max=2000)])
    without_note = BooleanField(_l("Publish without a note"))


class EditorForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=1000)])
    admin = BooleanField(_l("Admin"))


class SiteForm(FlaskForm):
    # A site's name ("Назва"), not a person's ("Ім’я"): the same English, its own msgid.
    name = StringField(lazy_pgettext("site", "Name"), validators=[DataRequired(), Length(max=200)])
    origins = TextAreaField(
        _l("Allowed origins"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("One a line: scheme://host[:port], e.g. https://news.example.com"),
    )
    language = StringField(
        _l("Default language"),
        default="en",
        validators=[DataRequired(), Length(max=35)],
        description=_l("BCP 47, e.g. en, uk or pt-BR"),
    )
    selector = StringField(
        _l("Article body selector (optional)"),
        validators=[Length(max=500)],
        description=_l(
            "A CSS selector; empty: [data-factcheck-article], else <article>, else <main>"
        ),
    )


class ConnectorForm(FlaskForm):
    """A site's WordPress connector (README: WordPress); the password is never shown again."""

    url = StringField(
        _l("WordPress address"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("The site's address, e.g. https://news.example.com"),
    )
    user = StringField(_l("WordPress user"), validators=[DataRequired(), Length(max=200)])
    app_password = PasswordField(
        _l("Application Password"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("WordPress → Users → Profile → Application Passwords. Stored encrypted."),
    )
    note_placement = SelectField(
        _l("Correction note in the post"),
        choices=[
            ("end", _l("At the end of the post")),
            ("top", _l("At the top of the post")),
            ("none", _l("Not in the post (Factcheck's pages only)")),
        ],
        default="end",
    )
