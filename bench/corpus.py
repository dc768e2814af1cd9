"""Shared pieces of the grouping benchmarks' generated corpora: words and misspellings."""

import random
import string

SYLLABLES = ["ka", "lo", "mi", "ter", "san", "vel", "dor", "ri", "na", "pol", "gen", "sto", "ber"]
SYLLABLES += ["al", "un", "is", "tra", "mon", "qui", "zo", "fen", "la", "cor", "des", "bri", "eth"]
FILLER = ["the", "a", "of", "and", "in", "to", "that", "for", "on", "with", "as", "by", "was"]


def mutate(rng: random.Random, word: str) -> str:
    """A plausible misspelling: swap, drop, double or replace one letter (never the first)."""
    while True:
        i = rng.randrange(1, len(word)) if len(word) > 1 else 0
        how = rng.choice(["swap", "drop", "double", "replace"])
        if how == "swap" and i < len(word) - 1:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif how == "drop" and len(word) > 3:
            out = word[:i] + word[i + 1 :]
        elif how == "double":
            out = word[:i] + word[i] + word[i:]
        else:
            out = word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
        if out != word:
            return out


def pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))
