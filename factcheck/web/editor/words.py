"""The words domain/triage.py writes in English for the group page (why a group ranks where it
does, why a report joined it), marked for the catalogs and said in the editor's language."""

import re

from flask_babel import gettext, ngettext, pgettext

from factcheck.domain.triage import PRIORITY_LABELS
from factcheck.web.editor.blueprint import bp
from factcheck.web.reader_messages import N_

# domain.triage.grouped_in_words: its parts, joined with ", ".
JOIN_WORDS = (
    N_("first report of this error"),
    N_("same words selected"),
    N_("overlapping words selected"),
    N_("nearby words selected"),
    N_("same fix proposed"),
    N_("similar fix proposed"),
    N_("a different fix proposed"),
    N_("a comment on the same words"),
    N_("joined by the words selected"),
    N_("confirmed by an editor"),
)
# What the services refuse an editor's action with (services/triage.py, saved_filters.py,
# propagation.py, history.py, group_page.py, stylebook.py): flashed or shown on the form
# through web/form_errors.py, which translates them.
SERVICE_MESSAGES = (
    N_("A batch fixes one article."),
    N_("A filter of that name was just saved; try again."),
    N_("A group cannot be merged into itself."),
    N_("Already listed."),
    N_("An edit summary is required."),
    N_("Choose a filter first."),
    N_("Choose a fix."),
    N_("Choose another."),
    N_("Choose at least one group to fix."),
    N_("Choose some, but not all, of the reports."),
    N_("Choose some."),
    N_("Empty."),
    N_("Give a number of reports or a date."),
    N_("Give the filter a name."),
    N_("Groups of several articles."),
    N_("Must be in the future."),
    N_("No such active editor."),
    N_("No such revision."),
    N_("No such saved filter."),
    N_("No such stylebook entry."),
    N_("Not a possible duplicate of this group."),
    N_("Not fixed."),
    N_("Nothing changes."),
    N_("Nothing selected."),
    N_("Nothing to revert."),
    N_("One of the other places no longer holds the same text."),
    N_("Only a fixed group's correction can be repeated."),
    N_("Only groups of one article can be merged."),
    N_("Other article."),
    N_("Pick a candidate or type a correction."),
    N_("Remove it."),
    N_("Say why you revert."),
    N_("Snooze for 1 to 10,000 more reports."),
    N_("Snooze until a future date."),
    N_("Snooze until what?"),
    N_("Stale."),
    N_("That name is already in the stylebook."),
    N_("That revision reads like the current one."),
    N_("The CSV file could not be read."),
    N_("The article changed and this group's text can no longer be fixed safely."),
    N_("The canonical spelling is required."),
    N_("The comment contains a control character."),
    N_("The comment is too long."),
    N_("The correction equals the current text."),
    N_("The correction is not valid."),
    N_("The explanation contains a control character."),
    N_("The explanation is too long."),
    N_("The fix would empty the headline or body."),
    N_("The groups refer to different revisions; refresh and try again."),
    N_("The name is not valid."),
    N_("The note is too long."),
    N_("The summary contains a control character."),
    N_("The summary is too long."),
    N_("The text contains a control character."),
    N_("This group was merged into another; change that one."),
    N_("This is the whole queue already."),
    N_("Too long, or a control character."),
    N_("Too many saved filters."),
    N_("Too much removed."),
    N_("Unknown base revision."),
    N_("Unknown editor."),
    N_("Unknown kind."),
    N_("Unknown priority."),
    N_("Unknown sort."),
    N_("Unknown status."),
    N_("Unknown."),
)
_READERS = re.compile(r"(\d+) readers?")
_AGREEMENT = re.compile(r"(\d+)% propose the same fix")
_KIND = re.compile(r"kind: (.+)")
_PRIORITY = re.compile(r"priority: (.+)")


def _kind_code(code: str) -> str:
    """A kind's code as the rank's line names it ("kind: name"), in the editor's language."""
    codes = {
        "typo": pgettext("kind of error", "typo"),
        "name": pgettext("kind of error", "name"),
        "fact": pgettext("kind of error", "fact"),
        "other": pgettext("kind of error", "other"),
    }
    return str(codes.get(code, code))


def rank_words(words: str) -> str:
    """One line of domain.triage.explain in the editor's language."""
    if found := _READERS.fullmatch(words):
        return str(ngettext("%(num)d reader", "%(num)d readers", int(found.group(1))))
    if found := _AGREEMENT.fullmatch(words):
        return str(gettext("%(percent)s%% propose the same fix", percent=found.group(1)))
    if found := _KIND.fullmatch(words):
        return str(gettext("kind: %(kind)s", kind=_kind_code(found.group(1))))
    if found := _PRIORITY.fullmatch(words):
        label = next(
            (v for v in PRIORITY_LABELS.values() if v.lower() == found.group(1)), found.group(1)
        )
        return str(gettext("priority: %(priority)s", priority=str(gettext(label)).lower()))
    if words == "confirmed by the name checker":
        return str(gettext("confirmed by the name checker"))
    return str(gettext(words))


@bp.app_template_filter("join_words")
def join_words(words: str) -> str:
    """domain.triage.grouped_in_words's answer in the editor's language, part by part; the
    grouping's own reasoning (which it falls back to) stays as it is."""
    parts = words.split(", ") if words else []
    if not parts or any(part not in JOIN_WORDS for part in parts):
        return words
    return ", ".join(str(gettext(part)) for part in parts)
