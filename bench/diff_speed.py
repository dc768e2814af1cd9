"""Benchmark: two-level rapidfuzz revision diff against difflib on the same tokens.

Run from the repository root: python bench/diff_speed.py [--difflib-budget SECONDS]

Each measurement runs in a fresh child process so that peak memory is its own:
"py MiB" is the tracemalloc peak (Python objects), "rss MiB" the growth of the
process's resident high-water mark, which also sees rapidfuzz's C++ buffers that
tracemalloc cannot. difflib (autojunk=False) on a whole article's tokens is
quadratic in the white-space tokens, so it runs under a time budget; a run that
exceeds it prints as "> budget" and its memory as the lower bound left by building
the matcher.

Both sides align the same tokens, `tokens_of`: words, white-space runs and single
punctuation marks, the tokens `diff_texts` aligns (it keeps long unchanged stretches
as one token only when that provably changes nothing). A words-only baseline
(`str.split()`, about 2x fewer tokens and no " " token to be quadratic in) runs
difflib ~100x faster (~45 ms at 5,000 words, ~2-4 s at 50,000 here), but it would
time difflib on an easier problem than ours, so it is not the comparison printed.
"""

import argparse
import difflib
import math
import multiprocessing
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.domain.diffing import diff_texts, tokens_of

SYLLABLES = ["ka", "lo", "mi", "ne", "ta", "ri", "so", "ve", "du", "pa", "an", "el", "or"]
SYLLABLES += ["is", "us", "gre", "tro", "mon", "sel", "var", "qui", "ben", "tal", "ost"]


def vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Pseudo-words with Zipf-Mandelbrot frequencies, so the top word is ~5% as in English."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    ordered = sorted(words, key=len)
    return ordered, [1 / (rank + 2.7) for rank in range(size)]


def article(words: int, seed: int, paragraph: tuple[int, int] = (40, 150)) -> list[list[str]]:
    """Paragraphs as word lists; punctuation is glued to words as in running text."""
    rng = random.Random(seed)
    vocab, weights = vocabulary(random.Random(0))
    paragraphs: list[list[str]] = []
    count = 0
    while count < words:
        size = min(rng.randint(*paragraph), words - count)
        chosen = rng.choices(vocab, weights, k=size)
        count += size
        sentence_start = True
        for index, word in enumerate(chosen):
            if sentence_start:
                word, sentence_start = word.capitalize(), False
            if index == size - 1 or rng.random() < 0.07:
                word, sentence_start = word + ".", True
            elif rng.random() < 0.06:
                word += ","
            chosen[index] = word
        paragraphs.append(chosen)
    return paragraphs


def edit(paragraphs: list[list[str]], share: float, seed: int) -> list[list[str]]:
    """Replace about `share` of the words by other words, as a copy editor would."""
    rng = random.Random(seed)
    vocab, weights = vocabulary(random.Random(0))
    result = [list(p) for p in paragraphs]
    places = [(i, j) for i, p in enumerate(result) for j in range(len(p))]
    for i, j in rng.sample(places, max(1, round(len(places) * share))):
        result[i][j] = rng.choices(vocab, weights)[0]
    return result


def text(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(["Headline of the article", *(" ".join(p) for p in paragraphs)])


def moved(paragraphs: list[list[str]]) -> list[list[str]]:
    result = list(paragraphs)
    result.insert(len(result) - 1, result.pop(1))
    return result


def cases() -> list[tuple[str, int, str, str]]:
    result = []
    for words in (500, 5_000, 50_000):
        old = article(words, 1)
        result.append(("1% words changed", words, text(old), text(edit(old, 0.01, 2))))
    old = article(50_000, 1)
    result.append(("1% + moved paragraph", 50_000, text(old), text(moved(edit(old, 0.01, 2)))))
    for words in (5_000, 50_000):
        old = article(words, 1)
        result.append(("10% words changed", words, text(old), text(edit(old, 0.10, 2))))
    for words in (5_000, 50_000):
        result.append(("unrelated texts", words, text(article(words, 1)), text(article(words, 3))))
    old = article(5_000, 1, paragraph=(5_000, 5_000))
    result.append(("1%, one long paragraph", 5_000, text(old), text(edit(old, 0.01, 2))))
    return result


def rss_high_water_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def reset_high_water() -> bool:
    """Linux resets VmHWM to the current RSS on "5" (clear_refs); elsewhere we cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(run: Callable[[], object], conn: Connection, repeats: int) -> None:
    """In the child: best time of `repeats`, then the RSS and tracemalloc peaks of one run."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    conn.send(("time", best))
    rss = float("nan")
    if reset_high_water():
        before = rss_high_water_kib()
        run()
        rss = (rss_high_water_kib() - before) / 1024
    tracemalloc.start()
    run()
    py = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    conn.send(("memory", py, rss))


def rapidfuzz_child(old: str, new: str, conn: Connection) -> None:
    measure(lambda: diff_texts(old, new), conn, repeats=7)


def difflib_child(old: str, new: str, conn: Connection) -> None:
    a, b = tokens_of(old), tokens_of(new)
    # Lower bound for a run that cannot finish: the matcher's index of b.
    tracemalloc.start()
    difflib.SequenceMatcher(None, a, b, autojunk=False)
    conn.send(("lower", tracemalloc.get_traced_memory()[1] / 2**20))
    tracemalloc.stop()

    def run() -> object:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    measure(run, conn, repeats=1)


def in_child(
    target: Callable[[str, str, Connection], None], old: str, new: str, budget: float
) -> dict[str, float]:
    """Run one measurement in a fresh process, stopping it after `budget` seconds."""
    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=target, args=(old, new, child))
    process.start()
    found: dict[str, float] = {}
    deadline = time.monotonic() + budget
    while "py" not in found and parent.poll(max(0.0, deadline - time.monotonic())):
        message = parent.recv()
        if message[0] == "time":
            found["time"] = message[1]
            deadline = time.monotonic() + 3 * budget  # two more runs for memory
        elif message[0] == "lower":
            found["lower"] = message[1]
        else:
            found["py"], found["rss"] = message[1], message[2]
    process.kill()
    process.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--difflib-budget", type=float, default=20.0, help="seconds per case")
    budget = parser.parse_args().difflib_budget
    header = (
        f"{'case':<24}{'words':>7}{'tokens':>8}{'rapidfuzz ms':>14}{'difflib ms':>12}"
        f"{'ratio':>9}  {'rf py/rss MiB':>14}  {'difflib py/rss MiB':>19}"
    )
    print(header)
    print("-" * len(header))
    for name, words, old, new in cases():
        tokens = len(tokens_of(old))
        ours = in_child(rapidfuzz_child, old, new, budget=120)
        theirs = in_child(difflib_child, old, new, budget=budget)
        if "time" in theirs:
            difflib_ms = f"{theirs['time'] * 1000:.1f}"
            ratio = f"{theirs['time'] / ours['time']:.0f}x"
            # Memory runs under tracemalloc are slower and may miss the budget: "nan".
            difflib_mem = f"{theirs.get('py', math.nan):.1f}/{theirs.get('rss', math.nan):.1f}"
        else:
            difflib_ms = f">{budget * 1000:.0f}"
            ratio = f">{budget / ours['time']:.0f}x"
            difflib_mem = f">={theirs.get('lower', math.nan):.1f}/?"
        print(
            f"{name:<24}{words:>7}{tokens:>8}{ours['time'] * 1000:>14.2f}{difflib_ms:>12}"
            f"{ratio:>9}  {ours['py']:>6.1f}/{ours['rss']:<7.1f}  {difflib_mem:>19}",
            flush=True,
        )


if __name__ == "__main__":
    main()
