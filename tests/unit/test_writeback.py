"""Carrying a revision's change over to a CMS post's source (domain/writeback.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.domain import htmlsource
from factcheck.domain.writeback import PostSource, SpanGone, hunks, post_text, rewrite

OLD = (
    "Italy signals peace talks\n\n"
    "Crosetto, a member of Prime Minister Georgia Maloney\u2019s party, spoke.\n\n"
    "The minister spoke in Brussels."
)
TITLE = "Italy signals peace talks"
CONTENT = (
    "<!-- wp:paragraph -->\n<p>Crosetto, a member of Prime Minister "
    "<strong>Georgia Maloney</strong>'s party, spoke.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:paragraph {"className":"x"} -->\n<p class="x">The minister spoke in '
    '<a href="https://example.com/brussels">Brussels</a>.</p>\n<!-- /wp:paragraph -->'
)


def test_a_hunk_is_the_changed_words_with_their_context():
    [hunk] = hunks(OLD, OLD.replace("Georgia Maloney", "Giorgia Meloni"))
    assert (hunk.old, hunk.new) == ("Georgia Maloney\u2019s", "Giorgia Meloni\u2019s")
    assert hunk.prefix.endswith("Prime Minister ")
    assert not hunk.in_title


def test_a_title_change_is_a_title_hunk():
    [hunk] = hunks(OLD, OLD.replace("signals", "rules out"))
    assert hunk.in_title and hunk.old == "signals" and hunk.new == "rules out"


def test_neighbouring_changes_are_one_hunk_and_far_ones_two():
    near = hunks(OLD, OLD.replace("Georgia Maloney", "Giorgia Meloni"))
    assert len(near) == 1
    far = hunks(OLD, OLD.replace("Georgia", "Giorgia").replace("Brussels", "Rome"))
    assert [h.old for h in far] == ["Georgia", "Brussels."]


def test_rewrite_touches_only_the_changed_bytes_and_adds_the_note():
    post = PostSource(TITLE, CONTENT)
    new = OLD.replace("Georgia Maloney", "Giorgia Meloni")
    changed = rewrite(post, OLD, new, note="We misspelled the name.", placement="end")
    assert changed.title == TITLE
    replaced = CONTENT.replace("Georgia Maloney", "Giorgia Meloni")
    assert changed.content == htmlsource.add_note(replaced, "We misspelled the name.", "end")
    # The raw source keeps its straight apostrophe (WordPress curls it when rendering).
    assert post_text(changed.title, changed.content) == new.replace("\u2019", "'")


def test_a_change_inside_a_link_keeps_the_link():
    new = OLD.replace("in Brussels.", "in Rome.")
    changed = rewrite(PostSource(TITLE, CONTENT), OLD, new, placement="none")
    assert '<a href="https://example.com/brussels">Rome</a>.' in changed.content


def test_words_gone_from_the_post_are_a_conflict():
    content = CONTENT.replace("<strong>Georgia Maloney</strong>'s party", "the party")
    with pytest.raises(SpanGone):
        rewrite(PostSource(TITLE, content), OLD, OLD.replace("Georgia", "Giorgia"))


def test_a_change_across_markup_is_refused():
    # "Prime Minister " stands outside the <strong>, the name inside it.
    new = OLD.replace("Prime Minister Georgia Maloney", "premier Meloni")
    with pytest.raises(htmlsource.UnsafeSpan):
        rewrite(PostSource(TITLE, CONTENT), OLD, new)


def test_the_title_is_rewritten_in_the_title():
    new = OLD.replace("signals", "rules out")
    changed = rewrite(PostSource(TITLE, CONTENT), OLD, new, placement="none")
    assert changed == PostSource("Italy rules out peace talks", CONTENT)


WORDS = st.sampled_from(["Kyiv", "Rome", "talks", "peace", "minister", "said", "Meloni", "a"])


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=3, max_size=12), st.integers(0, 11), WORDS)
def test_replacing_any_word_of_a_plain_post_round_trips(words, at, word):
    body = " ".join(words)
    content = f"<!-- wp:paragraph -->\n<p>{body}</p>\n<!-- /wp:paragraph -->"
    old = f"{TITLE}\n\n{body}"
    at %= len(words)
    new_words = [*words[:at], word, *words[at + 1 :]]
    new = f"{TITLE}\n\n{' '.join(new_words)}"
    try:
        changed = rewrite(PostSource(TITLE, content), old, new, placement="none")
    except SpanGone:
        return  # an ambiguous repeat of the same words: refused, never guessed
    assert post_text(changed.title, changed.content) == new
