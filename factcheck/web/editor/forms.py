"""WTForms for the editor pages; every POST carries a CSRF token."""

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


class ActionForm(FlaskForm):
    """A button that only needs CSRF protection."""


class ApplyForm(FlaskForm):
    # "0", "1", … picks a candidate; "custom" uses the text typed below.
    choice = StringField("Fix", default="0", validators=[Length(max=10)])
    custom = TextAreaField("Custom correction", validators=[Length(max=2000)])
    base_revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    summary = StringField(
        "Edit summary", validators=[DataRequired("Say what you changed."), Length(max=500)]
    )
    note = TextAreaField("Public correction note", validators=[Length(max=2000)])
    # A wrong name without a note is a warning (domain.triage.note_refusal), this overrides it.
    without_note = BooleanField("Publish without a note")
    elsewhere = SelectMultipleField(
        "Also fix the same text at", coerce=int, choices=[], validate_choice=False
    )


class CommentForm(FlaskForm):
    text = TextAreaField(
        "Internal comment (editors only)",
        validators=[DataRequired("Write a comment."), Length(max=2000)],
    )


class KindForm(FlaskForm):
    kind = SelectField("Kind", choices=list(KIND_LABELS.items()))


class PriorityForm(FlaskForm):
    priority = SelectField(
        "Priority", coerce=int, choices=[(int(p), label) for p, label in PRIORITY_LABELS.items()]
    )


class RejectForm(FlaskForm):
    reason = SelectField("Reason", choices=list(REJECT_LABELS.items()))
    detail = TextAreaField("Explanation (shown to reporters)", validators=[Length(max=1000)])


class SnoozeForm(FlaskForm):
    more_reports = IntegerField(
        "Until this many more reports", validators=[Optional(), NumberRange(1, 10_000)]
    )
    until = DateTimeLocalField("or until (UTC)", validators=[Optional()], format="%Y-%m-%dT%H:%M")


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", coerce=int, choices=[])


class MergeForm(FlaskForm):
    # Bounded: a number beyond a database integer is no group (and no 500).
    into = IntegerField(
        "Merge into group #", validators=[DataRequired(), NumberRange(1, 2**31 - 1)]
    )


class SplitForm(FlaskForm):
    reports = SelectMultipleField(
        "Reports to move to a new group", coerce=int, choices=[], validate_choice=False
    )


class BulkForm(FlaskForm):
    # Sent by the button pressed: each action is its own button, none is a default.
    action = SelectField(
        "With selected",
        choices=[("reject", "Reject"), ("assign", "Assign to me"), ("snooze", "Snooze 10 reports")],
    )
    # Only Reject needs it; triage.reject refuses an unknown reason (that group is counted
    # as not changed).
    reason = SelectField("Reason", choices=list(REJECT_LABELS.items()), validate_choice=False)
    groups = SelectMultipleField("Groups", coerce=int, choices=[], validate_choice=False)


class SavedFilterForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=60)])


class BatchForm(FlaskForm):
    groups = SelectMultipleField("Groups to fix", coerce=int, choices=[], validate_choice=False)
    base_revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    summary = StringField("Edit summary", validators=[DataRequired(), Length(max=500)])
    note = TextAreaField("Public correction note", validators=[Length(max=2000)])
    without_note = BooleanField("Publish without a note")


class EditorForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=10, max=1000)])
    admin = BooleanField("Admin")


class SiteForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    origins = TextAreaField(
        "Allowed origins",
        validators=[DataRequired(), Length(max=5000)],
        description="One a line: scheme://host[:port], e.g. https://news.example.com",
    )
    language = StringField(
        "Default language",
        default="en",
        validators=[DataRequired(), Length(max=35)],
        description="BCP 47, e.g. en, uk or pt-BR",
    )
    selector = StringField(
        "Article body selector (optional)",
        validators=[Length(max=500)],
        description="A CSS selector; empty: [data-factcheck-article], else <article>, else <main>",
    )


class ConnectorForm(FlaskForm):
    """A site's WordPress connector (README: WordPress); the password is never shown again."""

    url = StringField(
        "WordPress address",
        validators=[DataRequired(), Length(max=2000)],
        description="The site's address, e.g. https://news.example.com",
    )
    user = StringField("WordPress user", validators=[DataRequired(), Length(max=200)])
    app_password = PasswordField(
        "Application Password",
        validators=[DataRequired(), Length(max=200)],
        description="WordPress → Users → Profile → Application Passwords. Stored encrypted.",
    )
    note_placement = SelectField(
        "Correction note in the post",
        choices=[
            ("end", "At the end of the post"),
            ("top", "At the top of the post"),
            ("none", "Not in the post (Factcheck's pages only)"),
        ],
        default="end",
    )
