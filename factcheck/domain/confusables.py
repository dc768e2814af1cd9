"""Look-alike text: one reader's variants of one suggestion fold to one skeleton, and a
suggestion that smuggles in letters of another script is flagged.

Unicode's confusables table (the `confusable_homoglyphs` package ships it as data) maps a
Cyrillic `і` to Latin `i`, a Greek `ο` to `o`, and so on. Pure: the table is data.
"""

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

from factcheck.domain.pagetext import fold

_WORD = re.compile(r"\w+")
# Letters of these "scripts" are shared by every script (digits, marks, punctuation).
_SHARED = {"COMMON", "INHERITED"}


def ascii_twin(char: str) -> str:
    """The ASCII letter `char` is confused with (Cyrillic `і` → `i`), else `char`."""
    return _ascii_twin(char)


def _ascii_twin(char: str) -> str:
    for homoglyph in confusables.confusables_data.get(char, ()):
        twin = homoglyph.get("c", "")
        if twin.isascii():
            return str(twin)
    return char


def skeleton(text: str) -> str:
    """The form two look-alike strings share: typography and invisible characters folded
    (pagetext.fold), compatibility forms (NFKC), case, and every letter that has an ASCII
    look-alike replaced by it. Only for comparing, never stored as text."""
    folded = unicodedata.normalize("NFKC", fold(text)).casefold()
    return " ".join("".join(_ascii_twin(c) for c in folded).split())


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script a letter is written in, as Unicode names it (LATIN, CYRILLIC, GREEK…);
    COMMON for anything that is not a letter."""
    if not unicodedata.category(char).startswith("L"):
        return "COMMON"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "COMMON"


def scripts(text: str) -> set[str]:
    return {script_of(c) for c in set(text)} - _SHARED


def mixed_script_words(text: str) -> list[str]:
    """Words that mix letters of two scripts (`Gіorgia` with a Cyrillic `і`)."""
    return [w for w in _WORD.findall(text) if len(scripts(w)) > 1]


def suspicion(candidate: str, article_text: str) -> str | None:
    """Why a candidate fix should not be taken on trust, or None: a word mixing scripts, or
    letters of a script the article does not use at all."""
    mixed = mixed_script_words(candidate)
    if mixed:
        return f"“{mixed[0]}” mixes letters of {', '.join(sorted(scripts(mixed[0])))}."
    foreign = scripts(candidate) - scripts(article_text)
    if foreign:
        return f"It brings in {', '.join(sorted(foreign))} letters the article does not use."
    return None
