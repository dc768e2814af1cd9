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
