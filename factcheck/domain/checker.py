"""Machine checks on a revision's canonical text: stylebook names and weekday/date agreement."""

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from rapidfuzz import fuzz, process, utils

from factcheck.domain import confusables

NAME_KINDS = ("person", "place", "organisation")
CSV_COLUMNS = ("canonical", "variants", "kind", "note", "wrong")
# Stylebooks exported before wrong forms existed have no `wrong` column; they still import.
OLD_CSV_COLUMNS = CSV_COLUMNS[:4]


@dataclass(frozen=True)
class Name:
    """One stylebook entry: the house spelling, spellings we also accept, spellings that are
    always wrong ("Kiev" for Kyiv), and why."""

    canonical: str
    variants: tuple[str, ...] = ()
    note: str = ""
    kind: str = "person"  # person / place / organisation
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A machine report: the span of canonical text that looks wrong and what it should read."""

    start: int
    end: int
    quote: str
    suggestion: str
    kind: str  # "name" or "fact", as in a reader report
    reason: str
    score: float


@dataclass(frozen=True)
class CheckerSettings:
    """Matching thresholds. Numbers come from `python bench/checker.py` (see its output)."""

    # fuzz.ratio (Indel similarity, 0-100) on default_process'd text for spans of two or more
    # words. "Georgia Maloney" scores 75.9 against "Giorgia Meloni" (three edits), so the
    # cutoff must sit just under it; the benchmark grid (72/75/78) barely moves with it.
    cutoff: float = 75.0
    # One word carries less evidence than two. 82 lets one slip in a
    # 6-letter surname through (83.3); the benchmark grid (80/82/84/85) showed 82 is the
    # highest value keeping recall >= 0.9 on single-word mentions.
    single_word_cutoff: float = 82.0
    # Capitalisation is weak evidence of a name at a sentence start ("Reason" vs "Repason",
    # 92.3) and in a title-case headline; there words must be this close. Benchmark grid
    # 85/88/90: 90 lifted precision from 0.93 to 0.97 for 0.02 of recall.
    weak_cutoff: float = 90.0
    # Shorter words (acronyms, "Ctrl") are never fuzzy-matched: one edit is half the word.
    min_word_length: int = 5
    # Longest span, in words, tried as one name; stylebook names are rarely longer.
    max_span_words: int = 6
    # Memoised lookups per Stylebook; ordinary capitalised words repeat across an archive.
    cache_size: int = 200_000


# --- span finding -----------------------------------------------------------------------


def _char_class(predicate: Callable[[str], bool]) -> str:
    """A regex character class of every code point (BMP and SMP) the predicate accepts."""
    ranges: list[str] = []
    start = -1
    for code in range(0x20000 + 1):
        inside = code < 0x20000 and predicate(chr(code))
        if inside and start < 0:
            start = code
        elif not inside and start >= 0:
            last = code - 1
            span = re.escape(chr(start))
            if last > start:
                span += "-" + re.escape(chr(last))
            ranges.append(span)
            start = -1
    return "[" + "".join(ranges) + "]"


# Python's re has no \p{Lu}; build the class once so Cyrillic, Greek, Armenian... all count.
_UPPER = _char_class(lambda c: c.isupper() or c.istitle())
_LETTER = r"[^\W\d_]"
# Inside a name a hyphen or apostrophe joins letters ("Jean-Luc", "O'Brien"), but a final
# 's / ’s is the possessive ("Meloni's") and is left out of the span.
_WORD = rf"{_UPPER}{_LETTER}*(?:-{_LETTER}+|['’](?!s(?!{_LETTER})){_LETTER}+)*"
# Lowercase prefixes glued to a capitalised word: al-Assad, bin-Salman, d'Alema, l'Aquila.
_PREFIX = r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ibn|abu|d|l)[-'’]"
# Lowercase particles allowed between capitalised words ("de la", "van der", "Brothers of").
PARTICLES = frozenset(
    (
        "de",
        "da",
        "di",
        "do",
        "du",
        "del",
        "della",
        "dei",
        "der",
        "den",
        "des",
        "dos",
        "das",
        "la",
        "le",
        "van",
        "von",
        "ten",
        "ter",
        "zu",
        "bin",
        "ibn",
        "al",
        "el",
        "of",
        "y",
    )
)
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
_TOKEN = rf"(?:{_PREFIX})?{_WORD}"
_SPAN = re.compile(rf"(?<![\w'’\-]){_TOKEN}(?: (?:{_PARTICLE} )*{_TOKEN})*")
_TOKEN_RE = re.compile(rf"{_TOKEN}|{_PARTICLE}(?= )")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Name-like spans: runs of capitalised words (any cased script) with particles between."""
    return [match.span() for match in _SPAN.finditer(text)]


# Capitalised words that open sentences or name offices and days: never a name on their own,
# so they split a span into name candidates ("Prime Minister | Georgia Maloney").
COMMON_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "so",
        "yet",
        "if",
        "as",
        "at",
        "by",
        "in",
        "on",
        "to",
        "up",
        "of",
        "for",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "when",
        "where",
        "whether",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "why",
        "how",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "my",
        "me",
        "us",
        "them",
        "one",
        "all",
        "any",
        "some",
        "many",
        "most",
        "no",
        "not",
        "also",
        "according",
        "although",
        "though",
        "however",
        "meanwhile",
        "moreover",
        "notably",
        "nevertheless",
        "prior",
        "then",
        "thus",
        "still",
        "even",
        "only",
        "just",
        "both",
        "each",
        "every",
        "other",
        "another",
        "such",
        "than",
        "yes",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "madam",
        "prime",
        "minister",
        "ministers",
        "president",
        "vice",
        "deputy",
        "chancellor",
        "secretary",
        "general",
        "premier",
        "defence",
        "defense",
        "foreign",
        "interior",
        "finance",
        "justice",
        "health",
        "economy",
        "state",
        "home",
        "mayor",
        "governor",
        "senator",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "commissioner",
        "chief",
        "leader",
        "speaker",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str  # default_process'd text
    weak: bool  # capitalised for grammar, not because it is a name (sentence start, headline)

    @property
    def common(self) -> bool:
        return self.key in COMMON_WORDS or self.key in PARTICLES


def _tokens(text: str, start: int, end: int, title_case: bool) -> list[_Token]:
    return [
        _Token(
            m.start(),
            m.end(),
            utils.default_process(m.group()),
            title_case or _sentence_initial(text, m.start()),
        )
        for m in _TOKEN_RE.finditer(text, start, end)
    ]


_SENTENCE_START = re.compile(r"(?:^|\n|[.!?:;][\"”’)]* |[\"“‘(] ?)$")


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 4) : start]))


def _title_case_blocks(text: str) -> list[tuple[int, int]]:
    """Short blocks (headlines) where most longer words are capitalised."""
    blocks: list[tuple[int, int]] = []
    position = 0
    for block in text.split("\n\n"):
        if block.count(" ") < 30:
            words = [w for w in block.split() if len(w) > 3 and w[0].isalpha()]
            # Four long words at least: "Georgia Maloney spoke." is a sentence, not a headline.
            capitalised = sum(w[0].isupper() for w in words)
            if len(words) >= 4 and capitalised >= 0.6 * len(words):
                blocks.append((position, position + len(block)))
        position += len(block) + 2
    return blocks


# --- stylebook ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    key: str  # default_process'd spelling the text may contain
    suggestion: str  # what to put in place of a close miss
    canonical: str


def _words(name: str) -> list[str]:
    return name.split()


def _entries(name: Name) -> Iterator[_Entry]:
    """Every spelling a name may appear as, with the replacement to suggest for a close miss."""
    canonical = name.canonical.strip()
    words = _words(canonical)
    surname = " ".join(words[1:])
    for spelling in (canonical, *name.variants):
        spelling_words = _words(spelling)
        if not spelling_words:
            continue
        is_short_variant = (
            name.kind == "person" and len(words) > 1 and len(spelling_words) < len(words)
        )
        # "Zelensky" is a variant of the surname: suggest "Zelenskyy", not the full name.
        suggestion = surname if is_short_variant else canonical
        yield _Entry(utils.default_process(spelling), suggestion, canonical)
        if is_short_variant and len(spelling_words) == 1:
            # A surname variant is accepted after the first name too ("Viktor Orban").
            full = " ".join([*words[:-1], spelling])
            yield _Entry(utils.default_process(full), canonical, canonical)
        # Articles mostly repeat a person by surname ("Crosetto said"); accept every tail.
        if name.kind == "person":
            for i in range(1, len(spelling_words)):
                tail = " ".join(spelling_words[i:])
                target = " ".join(words[max(1, len(words) - (len(spelling_words) - i)) :])
                yield _Entry(utils.default_process(tail), target or canonical, canonical)
        # "The Hague" often follows another capitalised word; its tail must be known too.
        elif len(spelling_words) > 1 and spelling_words[0].lower() in COMMON_WORDS:
            tail = " ".join(spelling_words[1:])
            yield _Entry(utils.default_process(tail), " ".join(words[1:]) or canonical, canonical)


def _length_range(length: int, cutoff: float) -> range:
    """Lengths that can reach `cutoff` with fuzz.ratio against a string of `length`."""
    # ratio <= 200 * min(a, b) / (a + b); solve for b on both sides of a.
    low = math.ceil(length * cutoff / (200 - cutoff))
    high = math.floor(length * (200 - cutoff) / cutoff)
    return range(max(1, low), high + 1)


class Stylebook:
    """The house list of names, indexed once for exact and blocked fuzzy lookups."""

    def __init__(
        self, names: Iterable[Name], settings: CheckerSettings = CheckerSettings()
    ) -> None:
        self.settings = settings
        self.names = tuple(names)
        self._known: dict[str, _Entry] = {}
        for name in self.names:
            for entry in _entries(name):
                # The first spelling wins: a canonical name beats another name's tail.
                self._known.setdefault(entry.key, entry)
        # Blocking: a misspelling nearly always keeps a word's first letter, so a name is only
        # compared with stylebook names sharing initials; when an initial is wrong, the other
        # word usually is right, hence the first-word and last-word blocks. A name can sit in
        # several blocks; extractOne then sees it twice, which costs little.
        self._blocks: dict[tuple[str, ...], list[str]] = {}
        for key in self._known:
            words = key.split()
            if not words:
                continue
            if len(words) == 1:
                # One slip cannot change both the first two letters and the first-and-last
                # pair, so a word is filed under each; a length class narrows both.
                self._block(("2", key[:2], str(len(key))), key)
                self._block(("e", key[0] + key[-1], str(len(key))), key)
            else:
                self._block(("m", words[0][0], words[-1][0]), key)
                self._block(("f", words[0]), key)
                self._block(("l", words[-1]), key)
        self._cache: dict[str, tuple[_Entry, float] | None] = {}
        self._wrong, self._wrong_forms = _wrong_forms(self.names)

    def _block(self, block: tuple[str, ...], key: str) -> None:
        self._blocks.setdefault(block, []).append(key)

    def __len__(self) -> int:
        return len(self.names)

    def is_known(self, spelling: str) -> bool:
        """True for a canonical name, a variant, or (for people) a surname, in any case."""
        return utils.default_process(spelling) in self._known

    def closest(self, spelling: str) -> tuple[_Entry, float] | None:
        """The stylebook spelling closest to `spelling` above the cutoff, with its score."""
        key = utils.default_process(spelling)
        if key in self._cache:
            return self._cache[key]
        found = self._closest(key)
        if len(self._cache) >= self.settings.cache_size:
            self._cache.clear()  # crude bound; a rebuilt cache costs one pass over new words
        self._cache[key] = found
        return found

    def _closest(self, key: str) -> tuple[_Entry, float] | None:
        words = key.split()
        if not words:
            return None
        if len(words) == 1:
            cutoff = self.settings.single_word_cutoff
            if len(key) < self.settings.min_word_length:
                return None
            blocks: list[tuple[str, ...]] = [
                (kind, prefix, str(n))
                for n in _length_range(len(key), cutoff)
                for kind, prefix in (("2", key[:2]), ("e", key[0] + key[-1]))
            ]
        else:
            cutoff = self.settings.cutoff
            blocks = [("m", words[0][0], words[-1][0]), ("f", words[0]), ("l", words[-1])]
        best: tuple[str, float] | None = None
        for block in blocks:
            choices = self._blocks.get(block)
            if not choices:
                continue
            found = process.extractOne(
                key,
                choices,
                scorer=fuzz.ratio,
                processor=None,  # keys and choices are already default_process'd
                score_cutoff=best[1] if best else cutoff,
            )
            if found is not None and (best is None or found[1] > best[1]):
                best = (found[0], found[1])
        if best is None:
            return None
        return self._known[best[0]], best[1]

    def check(self, text: str) -> list[Finding]:
        """Name findings: the stylebook's wrong forms wherever they stand as whole words, and
        close misses of stylebook names, each with the house spelling."""
        findings = self.check_wrong_forms(text)
        headlines = _title_case_blocks(text)
        for start, end in name_spans(text):
            title_case = any(low <= start < high for low, high in headlines)
            for finding in self._check_span(text, _tokens(text, start, end, title_case)):
                # An exact wrong form already says what this span should read.
                if not any(f.start < finding.end and finding.start < f.end for f in findings):
                    findings.append(finding)
        return sorted(findings, key=lambda f: (f.start, f.end))

    def check_wrong_forms(self, text: str) -> list[Finding]:
        """Every whole-word occurrence of a form the stylebook lists as always wrong, in any
        case; the entry's note (else a plain sentence) is the reason."""
        if self._wrong is None:
            return []
        findings = []
        for match in self._wrong.finditer(text):
            quote = match.group()
            wrong = self._wrong_forms.get(_fold(quote))
            if wrong is None:
                continue
            name, suggestion = wrong
            findings.append(
                Finding(
                    start=match.start(),
                    end=match.end(),
                    quote=quote,
                    suggestion=suggestion,
                    kind="name",
                    reason=name.note or f"“{quote}” is always wrong: write “{suggestion}”",
                    score=100.0,
                )
            )
        return findings

    def _check_span(self, text: str, tokens: list[_Token]) -> Iterator[Finding]:
        covered = [False] * len(tokens)
        # Longest first, so "Georgia Maloney" is judged as one name before "Georgia" alone
        # (a country) can claim half of it. At each length exact spellings go first and may
        # include titles ("The Hague", "Brothers of Italy"); fuzzy candidates may not.
        for size in range(min(len(tokens), self.settings.max_span_words), 0, -1):
            for i in range(len(tokens) - size + 1):
                if not any(covered[i : i + size]) and self._key(tokens, i, size) in self._known:
                    covered[i : i + size] = [True] * size
            for i in range(len(tokens) - size + 1):
                part = tokens[i : i + size]
                if any(covered[i : i + size]) or not _candidate(part):
                    continue
                found = self.closest(self._key(tokens, i, size))
                start, end = part[0].start, part[-1].end
                if found is None:
                    continue
                if all(t.weak for t in part) and (
                    found[1] < self.settings.weak_cutoff or _ordinary_word(text, start, end)
                ):
                    continue
                covered[i : i + size] = [True] * size
                entry, score = found
                yield Finding(
                    start=start,
                    end=end,
                    quote=text[start:end],
                    suggestion=entry.suggestion,
                    kind="name",
                    reason=f"close to stylebook name '{entry.canonical}' (score {score:.0f})",
                    score=round(score, 1),
                )

    @staticmethod
    def _key(tokens: list[_Token], i: int, size: int) -> str:
        return " ".join(t.key for t in tokens[i : i + size])


def _fold(spelling: str) -> str:
    return " ".join(spelling.split()).casefold()


def _wrong_forms(
    names: Iterable[Name],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[Name, str]]]:
    """One pattern for every wrong form (whole words, any case, any run of spaces between
    words) and, by folded spelling, the entry and the replacement each one calls for."""
    forms: dict[str, tuple[Name, str]] = {}
    for name in names:
        words = _words(name.canonical)
        for form in name.wrong:
            form_words = _words(form)
            if not form_words:
                continue
            # "Zelensky" wrong for "Volodymyr Zelenskyy": the surname replaces the surname.
            short = name.kind == "person" and len(words) > 1 and len(form_words) < len(words)
            suggestion = " ".join(words[-len(form_words) :]) if short else name.canonical
            forms.setdefault(_fold(form), (name, suggestion))
    if not forms:
        return None, forms
    alternatives = sorted(
        (r"\s+".join(re.escape(word) for word in form.split()) for form in forms),
        key=len,
        reverse=True,
    )
    # Not inside a longer word ("Kievan", "d'Kiev"); a hyphen joins words that stay wrong
    # ("pro-Kiev", "Kiev-based"), and so does a possessive ("Kiev's").
    pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return pattern, forms


def _candidate(part: list[_Token]) -> bool:
    """Could these words be one misspelt name? Not if a title or sentence word is among them."""
    if part[0].common or part[-1].common:
        return False
    return not any(t.key in COMMON_WORDS and t.key not in PARTICLES for t in part)


def _ordinary_word(text: str, start: int, end: int) -> bool:
    """Words the same text also uses in lower case ("Officials ... officials")."""
    word = text[start:end].lower()
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


# --- dates ----------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATES = re.compile(
    rf"\b(?P<weekday>{_WEEKDAY}),? (?:"
    rf"{_DAY} (?:of )?(?P<month>{_MONTH}),? (?P<year>\d{{4}})"
    rf"|(?P<month2>{_MONTH}) (?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,? (?P<year2>\d{{4}})"
    r")\b"
)


def check_dates(text: str) -> list[Finding]:
    """Fact findings for weekdays that contradict their date ("Thursday, 10 January 2024")."""
    findings: list[Finding] = []
    for match in _DATES.finditer(text):
        month = match.group("month") or match.group("month2")
        day = match.group("day") or match.group("day2")
        year = match.group("year") or match.group("year2")
        try:
            when = date(int(year), MONTHS.index(month) + 1, int(day))
        except ValueError:
            continue  # "30 February": no weekday to compare; not this check's business
        written = match.group("weekday")
        actual = WEEKDAYS[when.weekday()]
        if written != actual:
            start, end = match.span("weekday")
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    quote=written,
                    suggestion=actual,
                    kind="fact",
                    reason=f"{when.isoformat()} is a {actual}, not a {written}",
                    score=100.0,
                )
            )
    return findings


_WORDS = re.compile(r"\w+")


def check_scripts(text: str) -> list[Finding]:
    """Words that mix letters of two scripts — a Cyrillic `і` inside a Latin name — which
    look right and are wrong (search, sorting and screen readers trip on them)."""
    found = []
    if text.isascii():  # the common case: one script, nothing to look at
        return []
    for match in _WORDS.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        used = confusables.scripts(word)
        if len(used) < 2:
            continue
        letters = [confusables.script_of(c) for c in word if c.isalpha()]
        major = max(used, key=letters.count)
        fixed = "".join(
            confusables.ascii_twin(c)
            if major == "LATIN" and confusables.script_of(c) not in (major, "COMMON")
            else c
            for c in word
        )
        found.append(
            Finding(
                match.start(),
                match.end(),
                word,
                fixed,
                "name",
                f"“{word}” mixes {' and '.join(sorted(used)).lower()} letters",
                100.0,
            )
        )
    return found


def check_text(text: str, stylebook: Stylebook) -> list[Finding]:
    """Every machine finding for one revision, in text order."""
    findings = stylebook.check(text) + check_dates(text) + check_scripts(text)
    return sorted(findings, key=lambda f: (f.start, f.end))


# --- CSV ----------------------------------------------------------------------------------


def read_csv(stream: TextIO) -> list[Name]:
    """Read a stylebook CSV (canonical,variants,kind,note,wrong; files without the `wrong`
    column too); ValueError names the bad line."""
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise ValueError("line 1: empty file, expected header " + ",".join(CSV_COLUMNS))
    columns = tuple(column.strip().lower() for column in header)
    if columns not in (CSV_COLUMNS, OLD_CSV_COLUMNS):
        raise ValueError(f"line 1: header must be {','.join(CSV_COLUMNS)}, got {','.join(header)}")
    names: list[Name] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless in a hand-edited file
        if len(row) != len(columns):
            raise ValueError(f"line {line}: expected {len(columns)} columns, got {len(row)}")
        cells = [_cell_in(cell.strip()) for cell in row] + [""] * (len(CSV_COLUMNS) - len(row))
        canonical, variants, kind, note, wrong = cells
        if not canonical:
            raise ValueError(f"line {line}: canonical name is empty")
        kind = kind or "person"
        if kind not in NAME_KINDS:
            raise ValueError(f"line {line}: kind {kind!r} is not one of {', '.join(NAME_KINDS)}")
        spellings = tuple(v.strip() for v in variants.split("|") if v.strip())
        wrong_forms = tuple(w.strip() for w in wrong.split("|") if w.strip())
        names.append(Name(canonical, spellings, note, kind, wrong_forms))
    return names


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection");
# such a cell is written with a leading apostrophe, which spreadsheets show as text and
# read_csv takes off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_out(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell_in(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def write_csv(names: Iterable[Name], stream: TextIO) -> None:
    """Write names in the format read_csv reads, every cell safe to open in a spreadsheet."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name in names:
        row = [name.canonical, "|".join(name.variants), name.kind, name.note, "|".join(name.wrong)]
        writer.writerow([_cell_out(cell) for cell in row])


__all__ = [
    "COMMON_WORDS",
    "CheckerSettings",
    "Finding",
    "Name",
    "Stylebook",
    "check_dates",
    "check_text",
    "name_spans",
    "read_csv",
    "write_csv",
]
