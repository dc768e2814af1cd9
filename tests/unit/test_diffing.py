"""Revision diffs: what an editor and a reader see when an article changes."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

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
