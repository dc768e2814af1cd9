"""Revision diffs: what an editor and a reader see when an article changes."""

import json
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from factcheck.domain import diffing
from factcheck.domain.diffing import (
    BlockOp,
    Piece,
    apply_ops,
    apply_text_ops,
    diff_blocks,
    diff_texts,
    diff_words,
    stats,
    text_ops,
    to_json,
)

WRONG = "Prime Minister Georgia Maloney's Brothers"
RIGHT = "Prime Minister Giorgia Meloni's Brothers"
PARAGRAPHS = [
    "Italian Defence Minister Guido Crosetto states he has seen signals from Russia.",
    "According to Reuters, Crosetto stated in parliament that the counteroffensive failed.",
    "Crosetto explained that Russia is gradually demonstrating a willingness to negotiate.",
    "Notably, during a visit to Vilnius on Wednesday, he said there was no pressure.",
]


def changed(pieces: list[Piece]) -> list[tuple[str, str]]:
    return [(p.tag, p.text) for p in pieces if p.tag != "equal"]


def test_demo_fix_replaces_exactly_the_misspelt_name() -> None:
    pieces = diff_words(WRONG, RIGHT)
    assert changed(pieces) == [("delete", "Georgia Maloney"), ("insert", "Giorgia Meloni")]
    assert pieces[0] == Piece("equal", "Prime Minister ")
    assert pieces[-1] == Piece("equal", "'s Brothers")


def test_demo_fix_highlights_the_changed_letters() -> None:
    deleted, inserted = (p for p in diff_words(WRONG, RIGHT) if p.tag != "equal")
    assert [(c.tag, c.text) for c in deleted.chars if c.tag != "equal"] == [
        ("delete", "e"),
        ("delete", "a"),
        ("delete", "ey"),
    ]
    assert [(c.tag, c.text) for c in inserted.chars if c.tag != "equal"] == [
        ("insert", "i"),
        ("insert", "e"),
        ("insert", "i"),
    ]
    assert "".join(c.text for c in deleted.chars) == "Georgia Maloney"
    assert "".join(c.text for c in inserted.chars) == "Giorgia Meloni"


def test_unrelated_short_words_get_no_letter_noise() -> None:
    deleted, inserted = (p for p in diff_words("the cat sat", "the dog sat") if p.tag != "equal")
    assert (deleted.text, inserted.text) == ("cat", "dog")
    assert deleted.chars == () and inserted.chars == ()


def test_long_rewrites_get_no_letter_detail() -> None:
    old = "the committee will meet again next spring"
    new = "the committee has postponed every meeting indefinitely"
    assert all(p.chars == () for p in diff_words(old, new))


def test_identical_texts_are_all_equal() -> None:
    text = "\n\n".join([WRONG, *PARAGRAPHS])
    ops = diff_texts(text, text)
    assert {op.tag for op in ops} == {"equal"}
    assert stats(text, text) == (0, 0)
    assert [op["op"] for op in text_ops(text, text)] == ["equal"]


def test_fix_in_headline_is_a_change_of_block_zero() -> None:
    ops = diff_texts("\n\n".join([WRONG, *PARAGRAPHS]), "\n\n".join([RIGHT, *PARAGRAPHS]))
    assert [op.tag for op in ops] == ["change", "equal", "equal", "equal", "equal"]
    assert (ops[0].old_index, ops[0].new_index) == (0, 0)
    assert changed(list(ops[0].pieces)) == [
        ("delete", "Georgia Maloney"),
        ("insert", "Giorgia Meloni"),
    ]


def test_inserted_paragraph_is_an_insert() -> None:
    new = [WRONG, PARAGRAPHS[0], "A brand new paragraph.", *PARAGRAPHS[1:]]
    ops = diff_blocks([WRONG, *PARAGRAPHS], new)
    assert [op.tag for op in ops] == ["equal", "equal", "insert", "equal", "equal", "equal"]
    assert ops[2] == BlockOp("insert", None, 2, "", "A brand new paragraph.", ())


def test_deleted_paragraph_is_a_delete_where_it_stood() -> None:
    ops = diff_blocks([WRONG, *PARAGRAPHS], [WRONG, PARAGRAPHS[0], *PARAGRAPHS[2:]])
    assert [op.tag for op in ops] == ["equal", "equal", "delete", "equal", "equal"]
    assert (ops[2].old_index, ops[2].old) == (2, PARAGRAPHS[1])


def test_edited_paragraph_is_a_change_not_delete_and_insert() -> None:
    edited = PARAGRAPHS[1].replace("failed", "did not produce the desired result")
    ops = diff_blocks(PARAGRAPHS, [PARAGRAPHS[0], edited, *PARAGRAPHS[2:]])
    assert [op.tag for op in ops] == ["equal", "change", "equal", "equal"]
    assert changed(list(ops[1].pieces)) == [
        ("delete", "failed"),
        ("insert", "did not produce the desired result"),
    ]


def test_rewritten_paragraph_is_delete_and_insert() -> None:
    ops = diff_blocks(PARAGRAPHS[:2], [PARAGRAPHS[0], "Completely different words here now."])
    assert [op.tag for op in ops] == ["equal", "delete", "insert"]


def test_moved_paragraph_is_shown_as_a_move() -> None:
    new = [WRONG, PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[3]]
    ops = diff_blocks([WRONG, *PARAGRAPHS], new)
    tags = [op.tag for op in ops]
    assert "delete" not in tags and "insert" not in tags
    source, target = (op for op in ops if op.move_id is not None)
    assert (source.tag, target.tag) == ("move_from", "move_to")
    assert source.move_id == target.move_id
    assert (target.old_index, target.new_index) == (1, 3)
    assert target.pieces == ()
    assert apply_ops([WRONG, *PARAGRAPHS], ops) == new


def test_moved_and_slightly_edited_paragraph_is_a_move_with_word_pieces() -> None:
    edited = PARAGRAPHS[0].replace("Russia", "Moscow")
    new = [WRONG, PARAGRAPHS[1], PARAGRAPHS[2], edited, PARAGRAPHS[3]]
    ops = diff_blocks([WRONG, *PARAGRAPHS], new)
    target = next(op for op in ops if op.tag == "move_to")
    assert changed(list(target.pieces)) == [("delete", "Russia"), ("insert", "Moscow")]
    assert apply_ops([WRONG, *PARAGRAPHS], ops) == new


def test_emoji_rtl_and_combining_marks_are_never_split() -> None:
    family, thumbs = "👨\u200d👩\u200d👧", "👍🏽"
    old = f"שלום עולם {family} cafe\u0301 नमस्ते"
    new = f"שלום עולמי {thumbs} cafe\u0300 नमस्कार"
    pieces = diff_words(old, new)
    assert "".join(p.text for p in pieces if p.tag != "insert") == old
    assert "".join(p.text for p in pieces if p.tag != "delete") == new
    texts = [c.text for p in pieces for c in (p.chars or (p,))]
    combining = ("\u0300", "\u0301", "\u200d", "\U0001f3fd", "\u094d", "\u0947")
    assert not any(text.startswith(combining) for text in texts)
    assert apply_text_ops(old, text_ops(old, new)) == new


def test_text_ops_use_code_point_offsets() -> None:
    old, new = f"Ünïcødé 🎉\n\n{WRONG}", f"Ünïcødé 🎉\n\n{RIGHT}"
    edits = [op for op in text_ops(old, new) if op["op"] != "equal"]
    assert edits[0]["old_start"] == old.index("Georgia")
    assert old[edits[0]["old_start"] : edits[0]["old_end"]] == edits[0]["old"]  # type: ignore[misc]


def test_stale_text_ops_are_refused() -> None:
    ops = text_ops(WRONG, RIGHT)
    try:
        apply_text_ops(WRONG.replace("Georgia", "Gerogia"), ops)
    except ValueError:
        pass
    else:
        raise AssertionError("ops applied to a different text")


def test_stats_count_added_and_removed_letters() -> None:
    assert stats(WRONG, RIGHT) == (len("Giorgia Meloni"), len("Georgia Maloney"))


def test_json_is_serialisable_and_carries_letter_detail() -> None:
    payload = to_json(diff_texts(WRONG, RIGHT))
    assert json.loads(json.dumps(payload)) == payload
    deleted = next(p for p in payload[0]["pieces"] if p["op"] == "delete")  # type: ignore[attr-defined]
    assert {"op": "delete", "text": "e", "chars": []} in deleted["chars"]


# Small alphabets make collisions (shared words, repeated and moved paragraphs) likely.
WORDS = st.sampled_from(["a", "b", "Maloney", "Meloni", "é", "e\u0301", "👍🏽", "שלום", ",", "."])
PARAGRAPH = st.lists(WORDS, min_size=0, max_size=8).map(" ".join)
BLOCKS = st.lists(PARAGRAPH, min_size=1, max_size=8)
TEXT = st.text(alphabet=st.sampled_from("ab \n.,é\u0301👍"), max_size=40)


@st.composite
def revisions(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """An old revision and an edit of it: paragraphs changed, dropped, added, moved."""
    old = draw(BLOCKS)
    new = [draw(st.sampled_from([p, p + " a", "b " + p])) for p in old]
    new = draw(st.permutations(new)) if draw(st.booleans()) else new
    return old, draw(st.lists(st.sampled_from([*new, "x"]), min_size=1, max_size=9)) or new


@settings(max_examples=400)
@given(revisions())
def test_applying_block_ops_rebuilds_the_new_blocks(pair: tuple[list[str], list[str]]) -> None:
    old, new = pair
    assert apply_ops(old, diff_blocks(old, new)) == new


@settings(max_examples=400)
@given(BLOCKS, BLOCKS)
def test_applying_block_ops_rebuilds_unrelated_blocks(old: list[str], new: list[str]) -> None:
    assert apply_ops(old, diff_blocks(old, new)) == new


@settings(max_examples=400)
@given(st.one_of(TEXT, BLOCKS.map("\n\n".join)), st.one_of(TEXT, BLOCKS.map("\n\n".join)))
def test_applying_text_ops_rebuilds_the_new_text(old: str, new: str) -> None:
    ops = text_ops(old, new)
    assert apply_text_ops(old, ops) == new
    assert apply_text_ops(old, [op for op in ops if op["op"] != "equal"]) == new


@given(st.one_of(TEXT, BLOCKS.map("\n\n".join)))
def test_a_text_diffed_with_itself_has_no_edits(text: str) -> None:
    assert {op.tag for op in diff_texts(text, text)} == {"equal"}
    assert all(op["op"] == "equal" for op in text_ops(text, text))


@given(st.one_of(TEXT, PARAGRAPH), st.one_of(TEXT, PARAGRAPH))
def test_word_pieces_spell_both_texts(old: str, new: str) -> None:
    pieces = diff_words(old, new)
    assert "".join(p.text for p in pieces if p.tag != "insert") == old
    assert "".join(p.text for p in pieces if p.tag != "delete") == new
    for piece in pieces:
        assert not piece.chars or "".join(c.text for c in piece.chars) == piece.text


@settings(max_examples=400)
@given(revisions())
def test_move_detection_never_loses_text(pair: tuple[list[str], list[str]]) -> None:
    old, new = pair
    ops = diff_blocks(old, new)
    old_side = [op.old_index for op in ops if op.tag in {"equal", "change", "delete", "move_from"}]
    new_side = [op.new_index for op in ops if op.tag in {"equal", "change", "insert", "move_to"}]
    assert old_side == sorted(old_side) and sorted(old_side) == list(range(len(old)))
    assert new_side == list(range(len(new)))
    for op in ops:
        if op.tag in {"move_from", "move_to"}:
            assert op.old_index is not None and op.new_index is not None
            assert (op.old, op.new) == (old[op.old_index], new[op.new_index])
    assert sorted(op.move_id for op in ops if op.tag == "move_from") == sorted(
        op.move_id for op in ops if op.tag == "move_to"
    )


# The fast paths below must not change what is shown: each is checked against the plain way.
LONG_WORDS = st.sampled_from(["a", "b", "the", "of", "Kalo", "mine,", "ta.", "Maloney", "Meloni"])
LONG_PARAGRAPH = st.lists(LONG_WORDS, min_size=20, max_size=120).map(" ".join)


def alignment_cost(old: str, new: str) -> int:
    """Tokens deleted plus tokens inserted by the word diff's alignment."""
    head = diffing._token_cut_prefix(old, new)
    tail = diffing._token_cut_suffix(old, new, head)
    old_tokens, new_tokens, ops = diffing._middle_opcodes(old, new, head, tail)
    edited = [old_tokens[i1:i2] for tag, i1, i2, _, _ in ops if tag != "equal"]
    edited += [new_tokens[j1:j2] for tag, _, _, j1, j2 in ops if tag != "equal"]
    # A kept stretch is one token to the alignment: count the tokens it stands for.
    return sum(len(diffing.tokens_of("".join(run))) for run in edited)


@settings(max_examples=300)
@given(LONG_PARAGRAPH, st.data())
def test_kept_stretches_diffed_whole_keep_the_diff_minimal(old: str, data: st.DataObject) -> None:
    words = old.split(" ")
    # Edits near both ends leave a long kept stretch between them, plus some anywhere.
    places = [st.integers(0, 3), st.integers(len(words) - 4, len(words) - 1)]
    places += [st.integers(0, len(words) - 1)] * data.draw(st.integers(0, 2))
    for place in places:
        at = data.draw(place)
        words[at : at + data.draw(st.integers(0, 2))] = data.draw(st.lists(LONG_WORDS, max_size=2))
    new = " ".join(words)
    pieces = diff_words(old, new)
    assert "".join(p.text for p in pieces if p.tag != "insert") == old
    assert "".join(p.text for p in pieces if p.tag != "delete") == new
    # Minimal: as cheap as the alignment of every token (ties may pick another alignment).
    with patch.object(diffing, "SPLIT_MIN", 10**9):
        every_token = alignment_cost(old, new)
    assert alignment_cost(old, new) == every_token


def test_a_paragraph_edited_at_both_ends_tokenises_only_the_edits() -> None:
    middle = " ".join(PARAGRAPHS)
    old, new = f"Georgia {middle} Maloney", f"Giorgia {middle} Meloni"
    tokens, _, _ = diffing._middle_opcodes(old, new, 0, 0)
    assert middle[5:-5] in "".join(t for t in tokens if len(t) > 100)
    assert changed(diff_words(old, new)) == [
        ("delete", "Georgia"),
        ("insert", "Giorgia"),
        ("delete", "Maloney"),
        ("insert", "Meloni"),
    ]


def test_a_hash_collision_in_rapidfuzz_falls_back_to_exact_codes() -> None:
    real = diffing._opcodes
    calls: list[object] = []

    def colliding(a: object, b: object) -> object:
        calls.append(a)
        if len(calls) == 1:  # pretend "cat" and "dog" hashed alike
            return [("equal", 0, 3, 0, 3)]
        return real(a, b)  # type: ignore[arg-type]

    with patch.object(diffing, "_opcodes", colliding):
        ops = diffing._token_opcodes(["the", " ", "cat"], ["the", " ", "dog"])
    assert [tag for tag, *_ in ops] == ["equal", "insert", "delete"]
    assert isinstance(calls[1], str)  # re-diffed as code points


def full_matrix_pairs(old: list[str], new: list[str]) -> float:
    """Best total similarity of an order-keeping pairing, scoring every pair."""
    score = [
        [fuzz.ratio(a, b, processor=None, score_cutoff=diffing.CHANGE_CUTOFF) for b in new]
        for a in old
    ]
    return sum(score[k][m] for k, m in diffing._best_path(score))


@settings(max_examples=300)
@given(st.lists(PARAGRAPH, min_size=1, max_size=6), st.lists(PARAGRAPH, min_size=1, max_size=6))
def test_gap_pairing_scores_only_what_it_needs_yet_finds_the_best(
    old: list[str], new: list[str]
) -> None:
    order = diffing._pair_gap(old, new, range(len(old)), range(len(new)))
    pairs = [(i, j) for i, j in order if i is not None and j is not None]
    total = sum(fuzz.ratio(old[i], new[j], processor=None) for i, j in pairs)
    assert abs(total - full_matrix_pairs(old, new)) < 1e-6
    assert [i for i, _ in order if i is not None] == list(range(len(old)))
    assert [j for _, j in order if j is not None] == list(range(len(new)))
